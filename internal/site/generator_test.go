package site

import (
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// note makes an ELF note as the Go linker writes it.
func note(order byteOrder, name string, typ uint32, desc string) []byte {
	b := order.AppendUint32(nil, uint32(len(name)))
	b = order.AppendUint32(b, uint32(len(desc)))
	b = order.AppendUint32(b, typ)
	b = append(b, name...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return append(b, desc...)
}

func TestParseGoNote(t *testing.T) {
	le, be := binary.LittleEndian, binary.BigEndian
	const id = "AEGzEr7ojNiRkvCv1YOr/Fc1tOYZC1PLpgmqoZDT5/5K_l7gCWruRhaAg6OwiJ/Uy3qzOL6bPsMj2eBC0jJ"
	good := note(le, "Go\x00\x00", 4, id)
	tests := []struct {
		name  string
		b     []byte
		order binary.ByteOrder
		want  string
	}{
		{"little-endian", good, le, id},
		{"big-endian", note(be, "Go\x00\x00", 4, id), be, id},
		{"wrong byte order", good, be, ""},
		{"other type", note(le, "Go\x00\x00", 3, id), le, ""},
		{"other owner", note(le, "GNU\x00", 4, id), le, ""},
		{"short owner", note(le, "Go", 4, id), le, ""},
		{"descriptor cut short", good[:len(good)-1], le, ""},
		{"header only", good[:12], le, ""},
		{"too short for a header", good[:11], le, ""},
		{"empty", nil, le, ""},
		{"not printable", note(le, "Go\x00\x00", 4, "abc\x00def"), le, ""},
		{"space inside", note(le, "Go\x00\x00", 4, "abc def"), le, ""},
		{"empty ID", note(le, "Go\x00\x00", 4, ""), le, ""},
		{"huge descriptor size", append(le.AppendUint32(le.AppendUint32(le.AppendUint32(nil, 4), 1<<31), 4), "Go\x00\x00x"...), le, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseGoNote(tt.b, tt.order); got != tt.want {
				t.Errorf("parseGoNote = %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzParseGoNote(f *testing.F) {
	f.Add(note(binary.LittleEndian, "Go\x00\x00", 4, "abc/def"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		id := parseGoNote(b, binary.LittleEndian)
		if len(id) > len(b) {
			t.Fatalf("ID %q longer than its note", id)
		}
		for _, c := range []byte(id) {
			if c <= ' ' || c > '~' {
				t.Fatalf("ID %q holds byte %#x", id, c)
			}
		}
	})
}

// TestGoBuildIDFollowsTheCode builds a small program three ways and
// holds the generator's premise: the ID read is the one the Go tool
// reports, it is the same for the same code and differs when the code
// does, and a program without one is told apart (then hashed whole).
func TestGoBuildIDFollowsTheCode(t *testing.T) {
	if testing.Short() {
		t.Skip("builds programs")
	}
	if runtime.GOOS != "linux" {
		t.Skip("ELF only")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool:", err)
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "main.go")
	if err := os.WriteFile(src, []byte("package main\n\nvar v = \"one\"\n\nfunc main() { println(v) }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	build := func(name string, flags ...string) string {
		t.Helper()
		out := filepath.Join(dir, name)
		cmd := exec.Command(goTool, append(append([]string{"build", "-o", out}, flags...), src)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GO111MODULE=off", "GOFLAGS=")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %v: %v\n%s", flags, err, b)
		}
		return out
	}
	one := build("one")
	again := build("again")
	two := build("two", "-ldflags=-X main.v=two")
	none := build("none", "-ldflags=-buildid=")

	id := goBuildID(one)
	b, err := exec.Command(goTool, "tool", "buildid", one).Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSpace(string(b)); id != want {
		t.Errorf("goBuildID = %q, go tool buildid says %q", id, want)
	}
	if id == "" {
		t.Fatal("no build ID read")
	}
	if got := goBuildID(again); got != id {
		t.Errorf("same code built again: ID %q, first %q", got, id)
	}
	if got := goBuildID(two); got == id || got == "" {
		t.Errorf("other code: ID %q, first %q", got, id)
	}
	if got := goBuildID(none); got != "" {
		t.Errorf("built with an empty -buildid: ID %q, want none", got)
	}
	if got := goBuildID(src); got != "" {
		t.Errorf("a source file: ID %q, want none", got)
	}
}

func TestGeneratorIsThisProgramsBuildID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	id := goBuildID(exe)
	if id == "" {
		t.Skip("this test binary has no Go build ID")
	}
	if got := generator(); got != "go-build-id "+id {
		t.Errorf("generator() = %q, want the build ID %q", got, id)
	}
}

// TestExecutableIsTheRunningFile: on Linux the generator reads the
// running program's own file, which has the build ID of the program at
// os.Executable's path as long as nothing replaced it.
func TestExecutableIsTheRunningFile(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/proc/self/exe is Linux's")
	}
	exe, err := executable()
	if err != nil {
		t.Fatal(err)
	}
	if exe != "/proc/self/exe" {
		t.Fatalf("executable() = %q, want /proc/self/exe", exe)
	}
	path, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	if a, b := goBuildID(exe), goBuildID(path); a != b {
		t.Errorf("build ID of %s %q, of %s %q", exe, a, path, b)
	}
}
