package render

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzAppendJSONString holds AppendJSONString to encoding/json's bytes,
// with HTML escaping on (json.Marshal) and off (an Encoder set so).
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", `q"b\s`, "\b\f\n\r\t\x00\x1f\x7f", "<&>", "a<b>&c", "\u2028\u2029", "é€𝄞", "a\xffb", "\xed\xa0\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		html, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var plain bytes.Buffer
		enc := json.NewEncoder(&plain)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			html bool
			want []byte
		}{{true, html}, {false, bytes.TrimSuffix(plain.Bytes(), []byte("\n"))}} {
			if got := AppendJSONString([]byte("x"), s, tc.html); !bytes.Equal(got[1:], tc.want) || got[0] != 'x' {
				t.Fatalf("AppendJSONString(%q, html %v) = %s, want %s", s, tc.html, got[1:], tc.want)
			}
		}
	})
}
