package write

import "syscall"

const sysFstatat = syscall.SYS_FSTATAT
