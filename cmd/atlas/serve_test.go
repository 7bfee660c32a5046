package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/clauseatlas/atlas/internal/sitetest"
)

func TestServeCommand(t *testing.T) {
	site := tree(t, sitetest.SiteFiles(t, sitetest.Fixture()))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errs sitetest.SyncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve", "--root", site, "--addr", "127.0.0.1:0"}, &out, &errs) }()

	reURL := regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+/`)
	deadline := time.Now().Add(30 * time.Second)
	for reURL.FindString(out.String()) == "" {
		if time.Now().After(deadline) {
			t.Fatalf("no URL printed: %q %q", out.String(), errs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	resp, err := http.Get(reURL.FindString(out.String()) + "platform/acme/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Acme AI") {
		t.Errorf("GET /platform/acme/: %d", resp.StatusCode)
	}

	cancel() // Ctrl-C
	select {
	case code := <-done:
		if code != 0 || !strings.Contains(out.String(), "atlas serve: stopped") {
			t.Errorf("exit %d, stdout %q, stderr %q", code, out.String(), errs.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("atlas serve did not stop within 10s of the interrupt")
	}
	if !strings.Contains(errs.String(), "atlas serve: built in") {
		t.Errorf("stderr: %q", errs.String())
	}
}

func TestServeRefusesRemoteAddresses(t *testing.T) {
	site := tree(t, sitetest.Fixture())
	code, _, errs := runAtlas("serve", "--root", site, "--addr", "0.0.0.0:0")
	if code != 1 || !strings.Contains(errs, "loopback only") {
		t.Errorf("exit %d: %q", code, errs)
	}
}
