// The demo's web app: answers / and /healthz with its version. scripts/demo.sh checks it
// with `cutover check` and packages it with `cutover package` before rolling it out.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
)

// version is set at build time: go build -ldflags "-X main.version=2.0.0".
var version = "dev"

func handler(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "web %s %s\n", version, r.URL.Path)
}

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	http.HandleFunc("/", handler)
	log.Fatal(http.ListenAndServe(":"+port, nil))
}
