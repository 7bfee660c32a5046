//go:build race

package site

// raceEnabled lets the slowest tests skip under the race detector, where
// they take ten times as long and test no concurrency of their own.
const raceEnabled = true
