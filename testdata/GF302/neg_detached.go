package main

import (
	"context"
	"log"
	"net/http"
	"time"
)

type job struct {
	ctx  context.Context
	path string
}

type server struct {
	srv    *http.Server
	jobs   chan job
	bgCtx  context.Context
	submit func(func())
}

func send(ctx context.Context, msg string) error { return ctx.Err() }

func (s *server) enqueue(w http.ResponseWriter, r *http.Request) {
	s.jobs <- job{ctx: context.Background(), path: r.URL.Path}
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	s.jobs <- job{ctx: ctx, path: r.URL.Path}
	_ = cancel
	w.WriteHeader(http.StatusAccepted)
}

func (s *server) remember(w http.ResponseWriter, r *http.Request) {
	s.bgCtx = context.Background()
	ctx := context.TODO()
	s.bgCtx = ctx
}

func (s *server) later(w http.ResponseWriter, r *http.Request) {
	time.AfterFunc(time.Second, func() {
		if err := send(context.Background(), "done"); err != nil {
			log.Println(err)
		}
	})
	s.submit(func() {
		_ = send(context.Background(), r.URL.Path)
	})
	defer func() {
		_ = send(context.Background(), "cleanup")
	}()
	defer send(context.Background(), "cleanup")
}

func (s *server) shutdown(w http.ResponseWriter, r *http.Request) {
	go func() {
		if err := s.srv.Shutdown(context.Background()); err != nil {
			log.Println(err)
		}
	}()
	w.WriteHeader(http.StatusAccepted)
}

func (s *server) stop(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusAccepted)
	_ = s.srv.Shutdown(context.Background())
}

func main() {
	s := &server{}
	http.HandleFunc("/enqueue", s.enqueue)
	http.HandleFunc("/remember", s.remember)
	http.HandleFunc("/later", s.later)
	http.HandleFunc("/shutdown", s.shutdown)
	http.HandleFunc("/stop", s.stop)
}
