// testbox is the one program inside the test node's smoke-test image. Each subcommand does one
// observable thing and prints the outcome, so a test asserts on the pod's log or exit code.
//
//	testbox say TEXT...                 print TEXT and exit
//	testbox serve PORT TEXT             answer every TCP connection with TEXT
//	testbox dial HOST:PORT              connect (resolving HOST through the pod's DNS) and print the answer
//	testbox resolve NAME                print NAME's addresses as the pod's DNS answers them
//	testbox write FILE TEXT             write TEXT to FILE
//	testbox read FILE                   print FILE
//	testbox tls-serve PORT NAME DIR     TLS server (DIR/tls.crt, tls.key; clients must present a
//	                                    certificate issued by DIR/ca.crt); answers NAME and the client's CN
//	testbox tls-dial HOST:PORT SNI DIR  TLS client with DIR/tls.crt, tls.key, trusting DIR/ca.crt
//	testbox seccomp                     print the seccomp mode and whether add_key(2) is allowed
//	testbox sleep                       block forever
package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
	"unsafe"
)

func main() {
	if len(os.Args) < 2 {
		fail("usage: testbox say|serve|dial|resolve|write|read|tls-serve|tls-dial|seccomp|sleep ...")
	}
	args := os.Args[2:]
	switch os.Args[1] {
	case "say":
		fmt.Println(strings.Join(args, " "))
	case "serve":
		need(args, 2)
		serve(args[0], func(c net.Conn) { fmt.Fprintln(c, args[1]) }, nil)
	case "dial":
		need(args, 1)
		dial(args[0])
	case "resolve":
		need(args, 1)
		addrs, err := net.LookupHost(args[0])
		check(err)
		fmt.Println("addresses:", strings.Join(addrs, " "))
	case "write":
		need(args, 2)
		check(os.WriteFile(args[0], []byte(args[1]), 0o644))
		fmt.Println("wrote", args[0])
	case "read":
		need(args, 1)
		data, err := os.ReadFile(args[0])
		check(err)
		fmt.Println(string(data))
	case "tls-serve":
		need(args, 3)
		tlsServe(args[0], args[1], args[2])
	case "tls-dial":
		need(args, 3)
		tlsDial(args[0], args[1], args[2])
	case "seccomp":
		printSeccomp()
	case "sleep":
		select {}
	default:
		fail("unknown subcommand " + os.Args[1])
	}
}

func need(args []string, n int) {
	if len(args) < n {
		fail(fmt.Sprintf("%s needs %d arguments", os.Args[1], n))
	}
}

func check(err error) {
	if err != nil {
		fail(err.Error())
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "testbox:", msg)
	fmt.Println("error:", msg)
	os.Exit(1)
}

func serve(port string, answer func(net.Conn), config *tls.Config) {
	var ln net.Listener
	var err error
	if config == nil {
		ln, err = net.Listen("tcp", ":"+port)
	} else {
		ln, err = tls.Listen("tcp", ":"+port, config)
	}
	check(err)
	fmt.Println("listening on", ln.Addr())
	for {
		conn, err := ln.Accept()
		check(err)
		go func() {
			defer conn.Close()
			_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
			answer(conn)
		}()
	}
}

func dial(addr string) {
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	check(err)
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		check(err)
	}
	fmt.Println("answer:", strings.TrimSpace(line))
}

func loadTLS(dir string) (tls.Certificate, *x509.CertPool) {
	cert, err := tls.LoadX509KeyPair(filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key"))
	check(err)
	caPem, err := os.ReadFile(filepath.Join(dir, "ca.crt"))
	check(err)
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPem) {
		fail("no certificate in " + filepath.Join(dir, "ca.crt"))
	}
	return cert, pool
}

func tlsServe(port, name, dir string) {
	cert, pool := loadTLS(dir)
	config := &tls.Config{
		Certificates: []tls.Certificate{cert},
		ClientCAs:    pool,
		ClientAuth:   tls.RequireAndVerifyClientCert,
		MinVersion:   tls.VersionTLS12,
	}
	serve(port, func(c net.Conn) {
		tc := c.(*tls.Conn)
		if err := tc.Handshake(); err != nil {
			fmt.Println("handshake failed:", err)
			return
		}
		state := tc.ConnectionState()
		client := "none"
		if len(state.PeerCertificates) > 0 {
			client = state.PeerCertificates[0].Subject.CommonName
		}
		fmt.Fprintf(c, "backend=%s sni=%s client=%s\n", name, state.ServerName, client)
	}, config)
}

func tlsDial(addr, sni, dir string) {
	cert, pool := loadTLS(dir)
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	conn, err := tls.DialWithDialer(dialer, "tcp", addr, &tls.Config{
		Certificates: []tls.Certificate{cert},
		RootCAs:      pool,
		ServerName:   sni,
		MinVersion:   tls.VersionTLS12,
	})
	check(err)
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		check(err)
	}
	server := conn.ConnectionState().PeerCertificates[0].Subject.CommonName
	fmt.Printf("answer: %s server-cert=%s\n", strings.TrimSpace(line), server)
}

// printSeccomp reports the kernel's view (/proc/self/status "Seccomp:", 2 = filter) and tries
// add_key(2), which the runtime's default profile denies and an unconfined root process may call.
func printSeccomp() {
	status, err := os.ReadFile("/proc/self/status")
	check(err)
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "Seccomp:") {
			fmt.Println("seccomp-mode:", strings.TrimSpace(strings.TrimPrefix(line, "Seccomp:")))
		}
	}
	keyType := []byte("user\x00")
	desc := []byte("testbox\x00")
	payload := []byte("x")
	const keySpecProcessKeyring = ^uintptr(1) // -2
	_, _, errno := syscall.Syscall6(syscall.SYS_ADD_KEY,
		uintptr(unsafe.Pointer(&keyType[0])), uintptr(unsafe.Pointer(&desc[0])),
		uintptr(unsafe.Pointer(&payload[0])), uintptr(len(payload)), keySpecProcessKeyring, 0)
	if errno != 0 {
		fmt.Println("add_key:", errno.Error())
		return
	}
	fmt.Println("add_key: allowed")
}
