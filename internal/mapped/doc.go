// Package mapped maps files read-only into memory, for the build's own
// caches (the load cache, the output manifest): decoders cut strings out
// of the mapping instead of copying the whole file onto the heap first.
package mapped
