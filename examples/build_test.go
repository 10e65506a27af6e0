// Package examples_test checks that every example is what an integrator
// can copy: a program that builds in another module with only waack's
// public API.
package examples_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestExamplesBuildOutsideTheModule copies each example's Go files (tests
// left out: they may use the module's test helpers) into a scratch module
// that requires waack through a replace directive, and builds it there. An
// import of an internal package fails here as it would for an integrator
// ("use of internal package … not allowed"). It works offline: the
// dependencies come from the module cache the repository's own build
// filled, checked against the repository's go.sum.
func TestExamplesBuildOutsideTheModule(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	dirs, err := filepath.Glob("*/main.go")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 4 {
		t.Fatalf("found %d examples (%v), want at least the four of the README", len(dirs), dirs)
	}
	// One scratch module holds every example, each in its own directory
	// as an integrator would copy it, and one go build compiles them all:
	// a build per example would redo the linking of waack six times.
	scratch := t.TempDir()
	var names []string
	for _, mainFile := range dirs {
		name := filepath.Dir(mainFile)
		names = append(names, name)
		dst := filepath.Join(scratch, name)
		if err := os.Mkdir(dst, 0o755); err != nil {
			t.Fatal(err)
		}
		copyProgram(t, name, dst)
	}
	gomod := "module example.com/copied\n\ngo 1.26.0\n\n" +
		"require github.com/waack/waack v0.0.0\n\n" +
		"replace github.com/waack/waack => " + root + "\n"
	write(t, filepath.Join(scratch, "go.mod"), []byte(gomod))
	write(t, filepath.Join(scratch, "go.sum"), sum)

	cmd := exec.Command(goCommand(t), "build", "-o", t.TempDir()+string(filepath.Separator), "./...")
	cmd.Dir = scratch
	// -mod=mod lets the go command complete the scratch go.mod (waack's
	// own requirements) from the module cache.
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the examples (%s) do not build in another module: %v\n%s", strings.Join(names, ", "), err, out)
	}
}

// copyProgram copies the non-test Go files of dir into dst.
func copyProgram(t *testing.T, dir, dst string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dst, filepath.Base(f)), b)
	}
}

func write(t *testing.T, name string, b []byte) {
	t.Helper()
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// goCommand is the go command of the toolchain running the test.
func goCommand(t *testing.T) string {
	t.Helper()
	if p := filepath.Join(runtime.GOROOT(), "bin", "go"); fileExists(p) {
		return p
	}
	p, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("no go command to build the examples with: %v", err)
	}
	return p
}

func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}
