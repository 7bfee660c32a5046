package history

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// render shows ops compactly: [-deleted-]{+inserted+}.
func render(ops []Op) string {
	var b strings.Builder
	for _, op := range ops {
		switch op.Kind {
		case Equal:
			b.WriteString(op.Text)
		case Insert:
			b.WriteString("{+" + op.Text + "+}")
		case Delete:
			b.WriteString("[-" + op.Text + "-]")
		}
	}
	return b.String()
}

// checkReassembly fails unless ops rebuild old and new exactly and hold no
// empty or mergeable ops.
func checkReassembly(t testing.TB, old, new string, ops []Op) {
	t.Helper()
	var o, n strings.Builder
	for i, op := range ops {
		if op.Text == "" {
			t.Fatalf("op %d is empty", i)
		}
		if i > 0 && op.Kind == ops[i-1].Kind {
			t.Fatalf("ops %d and %d are both %v", i-1, i, op.Kind)
		}
		if i > 0 && op.Kind == Delete && ops[i-1].Kind == Insert {
			t.Fatalf("op %d deletes after an insert", i)
		}
		switch op.Kind {
		case Equal:
			o.WriteString(op.Text)
			n.WriteString(op.Text)
		case Delete:
			o.WriteString(op.Text)
		case Insert:
			n.WriteString(op.Text)
		default:
			t.Fatalf("op %d has kind %v", i, op.Kind)
		}
	}
	if o.String() != old {
		t.Fatalf("Equal+Delete does not give old:\n got %q\nwant %q", o.String(), old)
	}
	if n.String() != new {
		t.Fatalf("Equal+Insert does not give new:\n got %q\nwant %q", n.String(), new)
	}
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"both empty", "", "", ""},
		{"insert all", "", "new text", "{+new text+}"},
		{"delete all", "old text", "", "[-old text-]"},
		{"equal", "same\ntext", "same\ntext", "same\ntext"},
		{"one word", "You may not use it.", "You must not use it.", "You [-may-]{+must+} not use it."},
		{"words inserted", "develop competing models", "develop or train competing models", "develop {+or train +}competing models"},
		{"punctuation", "April 29, 2025", "April 29 2025", "April 29[-,-] 2025"},
		{
			"a moved word stays minimal",
			"Effective September 15, 2025 for all",
			"Effective 15 September 2025 for all",
			"Effective {+15 +}September[- 15,-] 2025 for all",
		},
		{
			"unchanged lines stay equal",
			"a\nb b b\nc\n",
			"a\nb x b\nc\nd\n",
			"a\nb [-b-]{+x+} b\nc\n{+d\n+}",
		},
		{
			"a line break stops folding",
			"one two\nthree four",
			"uno two\nthree vier",
			"[-one-]{+uno+} two\nthree [-four-]{+vier+}",
		},
		{
			"a rewritten phrase reads as one change",
			"you will not allow any third party to use it",
			"you may not let another person use it",
			"you [-will not allow any third party to-]{+may not let another person+} use it",
		},
		{"no trailing newline", "x\ny", "x\ny\n", "x\ny{+\n+}"},
		{"unicode words", "Größe ändern — ja", "Größe ändern – nein", "Größe ändern [-— ja-]{+– nein+}"},
		{"invalid bytes", "a\xffb c", "a\xfeb c", "a[-\xff-]{+\xfe+}b c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ops := Diff(tt.old, tt.new)
			checkReassembly(t, tt.old, tt.new, ops)
			if got := render(ops); got != tt.want {
				t.Errorf("Diff\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// randomText makes a text of n words over a small vocabulary, in lines.
func randomText(r *rand.Rand, n int) string {
	vocab := []string{"the", "Services", "may", "not", "use", "AI", "model", "you", "we", "terms", "§", "“x”", "50.5.", "—"}
	var b strings.Builder
	for i := range n {
		b.WriteString(vocab[r.IntN(len(vocab))])
		switch {
		case r.IntN(12) == 0:
			b.WriteString("\n")
		case r.IntN(20) == 0:
			b.WriteString(",  ")
		default:
			b.WriteString(" ")
		}
		_ = i
	}
	return b.String()
}

// mutate applies n random word edits to s.
func mutate(r *rand.Rand, s string, n int) string {
	words := strings.SplitAfter(s, " ")
	for range n {
		if len(words) == 0 {
			break
		}
		i := r.IntN(len(words))
		switch r.IntN(3) {
		case 0:
			words = append(words[:i], words[i+1:]...)
		case 1:
			words = append(words[:i], append([]string{"inserted\n"}, words[i:]...)...)
		default:
			words[i] = "changed "
		}
	}
	return strings.Join(words, "")
}

func TestDiffRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		old := randomText(r, r.IntN(400))
		new := mutate(r, old, r.IntN(30))
		if i%10 == 0 {
			new = randomText(r, r.IntN(400))
		}
		ops := Diff(old, new)
		checkReassembly(t, old, new, ops)
	}
}

func TestDiffIsMinimalForSmallEdits(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	old := randomText(r, 5000)
	new := strings.Replace(old, "model", "MODEL", 1)
	ops := Diff(old, new)
	checkReassembly(t, old, new, ops)
	if len(ops) != 4 || ops[1].Text != "model" || ops[2].Text != "MODEL" {
		t.Errorf("one changed word gave %d ops: %q", len(ops), render(ops))
	}
}

// Texts with nothing in common and no unique tokens push the differ past
// its limits; it must still finish quickly and reassemble.
func TestDiffDegenerateInputsFinish(t *testing.T) {
	tests := []struct{ name, old, new string }{
		{"repeated tokens", strings.Repeat("a b ", 60000), strings.Repeat("b a a ", 40000)},
		{"one long line each", strings.Repeat("x y z ", 30000), strings.Repeat("z x ", 30000) + "end"},
		{"reversed unique words", words(0, 20000, 1), words(20000, 0, -1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			ops := Diff(tt.old, tt.new)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			checkReassembly(t, tt.old, tt.new, ops)
		})
	}
}

func words(from, to, step int) string {
	var b strings.Builder
	for i := from; i != to; i += step {
		fmt.Fprintf(&b, "w%d ", i)
	}
	return b.String()
}

func TestOpKindString(t *testing.T) {
	for k, want := range map[OpKind]string{Equal: "equal", Insert: "insert", Delete: "delete", OpKind(7): "OpKind(?)"} {
		if got := k.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int(k), got, want)
		}
	}
}

func TestLongestIncreasing(t *testing.T) {
	in := [][2]int32{{0, 5}, {1, 1}, {2, 2}, {3, 9}, {4, 3}, {5, 4}}
	got := fmt.Sprint(longestIncreasing(in))
	if want := "[[1 1] [2 2] [4 3] [5 4]]"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if longestIncreasing(nil) != nil {
		t.Error("empty input gave a sequence")
	}
}
