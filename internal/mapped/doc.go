// Package mapped maps files read-only into memory: the build's own caches
// (the load cache, the output manifest), whose decoders cut strings out of
// the mapping instead of copying the whole file onto the heap first, and
// the program's own file, which the build fingerprint hashes.
package mapped
