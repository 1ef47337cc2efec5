package main

type pipe struct {
	out chan string
}

// closing first and then sending the trailer on some paths
func (p *pipe) finish(lines []string, trailer bool) {
	close(p.out)
	for _, l := range lines {
		p.out <- l // want "GF202: send on p\.out after close"
	}
	if trailer {
		p.out <- "--" // want "GF202: send on p\.out after close"
	}
}

func main() {
	p := &pipe{out: make(chan string, 4)}
	p.finish([]string{"a"}, true)
}
