// apirelay forwards TCP connections accepted inside a network namespace to an address in the
// namespace it was started in. The test node runs in a network namespace of its own, while the
// test API servers listen on the host's loopback only; the kubelet, kube-proxy and the pods
// reach their API server through this relay.
//
//	apirelay -netns /proc/<pid>/ns/net -listen 0.0.0.0:6443 -to 127.0.0.1:<port>
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"runtime"
	"syscall"
)

func main() {
	netns := flag.String("netns", "", "network namespace to listen in (a /proc/<pid>/ns/net path)")
	listen := flag.String("listen", "", "address to listen on inside that namespace")
	to := flag.String("to", "", "address to connect to from the starting namespace")
	flag.Parse()
	if *netns == "" || *listen == "" || *to == "" {
		fmt.Fprintln(os.Stderr, "usage: apirelay -netns PATH -listen ADDR -to ADDR")
		os.Exit(2)
	}
	ln, err := listenIn(*netns, *listen)
	if err != nil {
		log.Fatalf("listen %s in %s: %v", *listen, *netns, err)
	}
	log.Printf("relaying %s (in %s) to %s", ln.Addr(), *netns, *to)
	for {
		conn, err := ln.Accept()
		if err != nil {
			log.Fatalf("accept: %v", err)
		}
		go relay(conn, *to)
	}
}

// listenIn creates the listening socket while its thread is inside the target namespace; a
// socket keeps the namespace it was created in, so everything after runs in the starting one.
func listenIn(nsPath, addr string) (net.Listener, error) {
	runtime.LockOSThread()
	home, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		runtime.UnlockOSThread()
		return nil, err
	}
	defer home.Close()
	target, err := os.Open(nsPath)
	if err != nil {
		runtime.UnlockOSThread()
		return nil, err
	}
	defer target.Close()
	if err := setns(target); err != nil {
		runtime.UnlockOSThread()
		return nil, err
	}
	ln, listenErr := net.Listen("tcp", addr)
	if err := setns(home); err != nil {
		// This thread is stuck in the other namespace: keep it locked so Go discards it.
		return nil, fmt.Errorf("return to the starting namespace: %w", err)
	}
	runtime.UnlockOSThread()
	return ln, listenErr
}

func setns(f *os.File) error {
	if _, _, errno := syscall.Syscall(sysSetns, f.Fd(), syscall.CLONE_NEWNET, 0); errno != 0 {
		return errno
	}
	return nil
}

func relay(in net.Conn, to string) {
	defer in.Close()
	out, err := net.Dial("tcp", to)
	if err != nil {
		log.Printf("dial %s: %v", to, err)
		return
	}
	defer out.Close()
	done := make(chan struct{}, 2)
	pipe := func(dst, src net.Conn) {
		_, _ = io.Copy(dst, src)
		if c, ok := dst.(*net.TCPConn); ok {
			_ = c.CloseWrite()
		}
		done <- struct{}{}
	}
	go pipe(out, in)
	go pipe(in, out)
	<-done
	<-done
}
