// Package history tells real changes in a document's capture history from
// noise, and answers the questions a reader asks of a change: what changed,
// where, and whether a quoted clause is still there.
//
// It is pure: callers pass texts as strings and get values back; nothing
// here reads or writes files, and every result depends only on the inputs,
// so pages built from it are deterministic.
//
// # Classification
//
// [Classify] labels every capture of a document (a [Version]) with a
// [Class]: the first text, a substantive change, a formatting-only or
// link-only change, a revert to an earlier text, an unchanged duplicate, or
// a capture failure (sign-in, error or captcha page). Changes are measured
// against the last accepted text, never against a failed capture, so a
// sign-in page that alternates with the real text produces no fake changes.
// [Distinct] lists each distinct text with its first and last capture.
//
// # Diffs
//
// [Diff] is a word-level diff whose operations reassemble both texts
// exactly. [Sections] finds the document's own section numbers and [Hunks]
// groups a diff's changes, with a little context, under those numbers.
//
// # Quotes
//
// [Normalize] folds away Markdown, typography, whitespace and case so that
// [Contains] can tell whether a quoted clause is still in a text;
// [Nearest] finds the most similar passage when it is not, and
// [FirstAppearance] finds the first version that contains it.
package history
