"""What the standard library's declarations say, for the few packages the rules reason about.

gofixer reads one package's syntax, never its imports, so the types of ``http.Get(u)`` or
``context.WithTimeout(ctx, d)`` come from this curated table. Types are written in the model's
notation (see :mod:`gofixer.analysis.types`): ``("ext", path, Name)`` for a named type of an
imported package, ``("ptr", T)``, ``("chan", E, dir)``, ``("builtin", name)``; a call's results
are a tuple of them. A function missing here is unknown, never guessed.
"""

from __future__ import annotations


def _ext(path: str, name: str) -> tuple:
    return ("ext", path, name)


def _ptr(t: tuple) -> tuple:
    return ("ptr", t)


ERROR = ("builtin", "error")
_CTX = _ext("context", "Context")
_CANCEL = _ext("context", "CancelFunc")
_RESP = _ptr(_ext("net/http", "Response"))
_REQ = _ptr(_ext("net/http", "Request"))
_CONN = _ext("net", "Conn")
_TIME_CHAN = ("chan", _ext("time", "Time"), "recv")

# (import path, function) -> its results
FUNCS: dict[tuple[str, str], tuple[tuple, ...]] = {
    ("context", "Background"): (_CTX,),
    ("context", "TODO"): (_CTX,),
    ("context", "WithCancel"): (_CTX, _CANCEL),
    ("context", "WithTimeout"): (_CTX, _CANCEL),
    ("context", "WithDeadline"): (_CTX, _CANCEL),
    ("context", "WithCancelCause"): (_CTX, _ext("context", "CancelCauseFunc")),
    ("context", "WithTimeoutCause"): (_CTX, _CANCEL),
    ("context", "WithDeadlineCause"): (_CTX, _CANCEL),
    ("context", "WithValue"): (_CTX,),
    ("context", "WithoutCancel"): (_CTX,),
    ("net/http", "Get"): (_RESP, ERROR),
    ("net/http", "Head"): (_RESP, ERROR),
    ("net/http", "Post"): (_RESP, ERROR),
    ("net/http", "PostForm"): (_RESP, ERROR),
    ("net/http", "NewRequest"): (_REQ, ERROR),
    ("net/http", "NewRequestWithContext"): (_REQ, ERROR),
    ("net/http", "NewServeMux"): (_ptr(_ext("net/http", "ServeMux")),),
    ("net", "Dial"): (_CONN, ERROR),
    ("net", "DialTimeout"): (_CONN, ERROR),
    ("net", "Listen"): (_ext("net", "Listener"), ERROR),
    ("database/sql", "Open"): (_ptr(_ext("database/sql", "DB")), ERROR),
    ("os/exec", "Command"): (_ptr(_ext("os/exec", "Cmd")),),
    ("os/exec", "CommandContext"): (_ptr(_ext("os/exec", "Cmd")),),
    ("time", "NewTicker"): (_ptr(_ext("time", "Ticker")),),
    ("time", "NewTimer"): (_ptr(_ext("time", "Timer")),),
    ("time", "AfterFunc"): (_ptr(_ext("time", "Timer")),),
    ("time", "After"): (_TIME_CHAN,),
    ("time", "Tick"): (_TIME_CHAN,),
    ("errors", "New"): (ERROR,),
    ("fmt", "Errorf"): (ERROR,),
}

# (import path, type, method) -> its results (methods of the type or of a pointer to it)
METHODS: dict[tuple[str, str, str], tuple[tuple, ...]] = {
    ("net/http", "Client", "Do"): (_RESP, ERROR),
    ("net/http", "Client", "Get"): (_RESP, ERROR),
    ("net/http", "Client", "Head"): (_RESP, ERROR),
    ("net/http", "Client", "Post"): (_RESP, ERROR),
    ("net/http", "Client", "PostForm"): (_RESP, ERROR),
    ("net/http", "Request", "Context"): (_CTX,),
    ("net", "Listener", "Accept"): (_CONN, ERROR),
    ("net", "Dialer", "Dial"): (_CONN, ERROR),
    ("net", "Dialer", "DialContext"): (_CONN, ERROR),
    ("database/sql", "DB", "Query"): (_ptr(_ext("database/sql", "Rows")), ERROR),
    ("database/sql", "DB", "QueryContext"): (_ptr(_ext("database/sql", "Rows")), ERROR),
    ("database/sql", "DB", "QueryRow"): (_ptr(_ext("database/sql", "Row")),),
    ("database/sql", "DB", "QueryRowContext"): (_ptr(_ext("database/sql", "Row")),),
    ("database/sql", "DB", "Begin"): (_ptr(_ext("database/sql", "Tx")), ERROR),
    ("database/sql", "DB", "BeginTx"): (_ptr(_ext("database/sql", "Tx")), ERROR),
    ("database/sql", "DB", "Prepare"): (_ptr(_ext("database/sql", "Stmt")), ERROR),
    ("database/sql", "DB", "PrepareContext"): (_ptr(_ext("database/sql", "Stmt")), ERROR),
    ("database/sql", "DB", "Conn"): (_ptr(_ext("database/sql", "Conn")), ERROR),
    ("context", "Context", "Done"): (("chan", ("struct",), "recv"),),
    ("context", "Context", "Err"): (ERROR,),
}

# (import path, variable) -> its type
VARS: dict[tuple[str, str], tuple] = {
    ("net/http", "DefaultClient"): _ptr(_ext("net/http", "Client")),
}

# (import path, type) -> (field, its type) for the fields rules read
FIELDS: dict[tuple[str, str], dict[str, tuple]] = {
    ("net/http", "Response"): {"Body": _ext("io", "ReadCloser")},
    ("time", "Ticker"): {"C": _TIME_CHAN},
    ("time", "Timer"): {"C": _TIME_CHAN},
}

PREDECLARED_TYPES = frozenset(
    {
        "bool", "byte", "complex64", "complex128", "error", "float32", "float64", "int", "int8",
        "int16", "int32", "int64", "rune", "string", "uint", "uint8", "uint16", "uint32", "uint64",
        "uintptr", "any", "comparable",
    }
)  # fmt: skip

PREDECLARED_FUNCS = frozenset(
    {
        "append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make",
        "max", "min", "new", "panic", "print", "println", "real", "recover",
    }
)  # fmt: skip

# (import path) -> functions that read from the io.Reader they are given and never close it
# (nor can their results: a decoder, a scanner, a limited reader have no Close): handing a
# response's Body to one of them is not closing it
READS_WITHOUT_CLOSING: dict[str, frozenset[str]] = {
    "io": frozenset(
        {"ReadAll", "Copy", "CopyN", "CopyBuffer", "LimitReader", "TeeReader", "MultiReader", "ReadFull", "ReadAtLeast"}
    ),
    "io/ioutil": frozenset({"ReadAll"}),
    "encoding/json": frozenset({"NewDecoder"}),
    "encoding/xml": frozenset({"NewDecoder"}),
    "encoding/csv": frozenset({"NewReader"}),
    "bufio": frozenset({"NewReader", "NewReaderSize", "NewScanner"}),
    "compress/gzip": frozenset({"NewReader"}),
}

# (import path) -> {function: index of the reader argument} for functions that read that reader
# until io.EOF (or an error): a response Body read by one of them has released its connection
# to the transport, whether or not it is closed afterwards
READS_TO_EOF: dict[str, dict[str, int]] = {
    "io": {"ReadAll": 0, "Copy": 1, "CopyBuffer": 1},
    "io/ioutil": {"ReadAll": 0},
}

# -- database/sql and net: the resources a caller must release ---------------------------------

_ROWS = _ptr(_ext("database/sql", "Rows"))
_STMT = _ptr(_ext("database/sql", "Stmt"))
_SQLCONN = _ptr(_ext("database/sql", "Conn"))
_TX = _ptr(_ext("database/sql", "Tx"))
_LISTENER = _ext("net", "Listener")
_TCPCONN = _ptr(_ext("net", "TCPConn"))
_UNIXCONN = _ptr(_ext("net", "UnixConn"))
_TCPLISTENER = _ptr(_ext("net", "TCPListener"))
_TLSCONN = _ptr(_ext("crypto/tls", "Conn"))

FUNCS.update(
    {
        ("net", "DialTCP"): (_TCPCONN, ERROR),
        ("net", "DialUnix"): (_UNIXCONN, ERROR),
        ("net", "ListenTCP"): (_TCPLISTENER, ERROR),
        ("net", "ListenUnix"): (_ptr(_ext("net", "UnixListener")), ERROR),
        ("net", "FileConn"): (_CONN, ERROR),
        ("crypto/tls", "Dial"): (_TLSCONN, ERROR),
        ("crypto/tls", "DialWithDialer"): (_TLSCONN, ERROR),
        ("crypto/tls", "Listen"): (_LISTENER, ERROR),
    }
)

METHODS.update(
    {
        ("database/sql", "Tx", "Query"): (_ROWS, ERROR),
        ("database/sql", "Tx", "QueryContext"): (_ROWS, ERROR),
        ("database/sql", "Tx", "Prepare"): (_STMT, ERROR),
        ("database/sql", "Tx", "PrepareContext"): (_STMT, ERROR),
        ("database/sql", "Conn", "QueryContext"): (_ROWS, ERROR),
        ("database/sql", "Conn", "PrepareContext"): (_STMT, ERROR),
        ("database/sql", "Conn", "BeginTx"): (_TX, ERROR),
        ("database/sql", "Stmt", "Query"): (_ROWS, ERROR),
        ("database/sql", "Stmt", "QueryContext"): (_ROWS, ERROR),
        ("net", "TCPListener", "Accept"): (_CONN, ERROR),
        ("net", "TCPListener", "AcceptTCP"): (_TCPCONN, ERROR),
        ("net", "UnixListener", "Accept"): (_CONN, ERROR),
        ("net", "UnixListener", "AcceptUnix"): (_UNIXCONN, ERROR),
        ("net", "ListenConfig", "Listen"): (_LISTENER, ERROR),
        ("crypto/tls", "Dialer", "Dial"): (_CONN, ERROR),
        ("crypto/tls", "Dialer", "DialContext"): (_CONN, ERROR),
    }
)

# a resource type -> (the methods that release it, the one a fix defers): a value of one of
# these types that a function makes and neither releases nor hands on holds a connection, a
# file descriptor or a goroutine until the process ends
RELEASED_BY: dict[tuple, tuple[frozenset[str], str]] = {
    _ROWS: (frozenset({"Close"}), "Close"),
    _STMT: (frozenset({"Close"}), "Close"),
    _SQLCONN: (frozenset({"Close"}), "Close"),
    _TX: (frozenset({"Commit", "Rollback"}), "Rollback"),
    _CONN: (frozenset({"Close"}), "Close"),
    _TCPCONN: (frozenset({"Close"}), "Close"),
    _UNIXCONN: (frozenset({"Close"}), "Close"),
    _TLSCONN: (frozenset({"Close"}), "Close"),
    _LISTENER: (frozenset({"Close"}), "Close"),
    _TCPLISTENER: (frozenset({"Close"}), "Close"),
    _ptr(_ext("net", "UnixListener")): (frozenset({"Close"}), "Close"),
}

# (import path) -> functions that write to the io.Writer they are given and never close it (nor
# keep it beyond the call, except an encoder or a buffered writer that has no Close): handing a
# connection to one of them is using it, not handing it on
WRITES_WITHOUT_CLOSING: dict[str, frozenset[str]] = {
    "fmt": frozenset({"Fprint", "Fprintf", "Fprintln"}),
    "io": frozenset({"WriteString", "Copy", "CopyN", "CopyBuffer", "MultiWriter"}),
    "encoding/json": frozenset({"NewEncoder"}),
    "encoding/xml": frozenset({"NewEncoder"}),
    "encoding/binary": frozenset({"Write", "Read"}),
    "bufio": frozenset({"NewWriter", "NewWriterSize", "NewReadWriter"}),
}
