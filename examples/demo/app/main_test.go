package main

import (
	"net/http/httptest"
	"testing"
)

func TestHandlerAnswersWithVersionAndPath(t *testing.T) {
	rec := httptest.NewRecorder()
	handler(rec, httptest.NewRequest("GET", "/healthz", nil))
	if got, want := rec.Body.String(), "web dev /healthz\n"; got != want {
		t.Errorf("body = %q, want %q", got, want)
	}
}
