#!/usr/bin/env python3
"""A client that behaves like the classroom assignment's reference client.

Usage: seed_client.py [HOST] [PORT]   (defaults 127.0.0.1 5050)

It asks for a name ("Usuário: "), connects with a blocking socket, prints every raw
recv(2048) chunk from the server, and sends each line typed on stdin framed as the
assignment does: a 64-byte header holding the payload length in ASCII decimal, padded
with spaces, then the UTF-8 payload "\n<NAME> enviou: MSG\nDigite sua mensagem:".
Typing "Desconectar" sends that framed message, then the bare word "Desconectar"
unframed, and closes. The end of stdin does the same (the original would crash there).
"""
import socket
import sys
import threading

HEADER = 64
FORMAT = "utf-8"
DISCONNECT = "Desconectar"


def send(sock, text):
    message = text.encode(FORMAT)
    length = str(len(message)).encode(FORMAT)
    length += b" " * (HEADER - len(length))
    sock.send(length)
    sock.send(message)


def receive(sock):
    while True:
        try:
            chunk = sock.recv(2048)
        except OSError:
            break
        if not chunk:
            break
        print(chunk.decode(FORMAT, errors="replace"), flush=True)


def main():
    host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 5050
    try:
        name = input("Usuário: ")
    except EOFError:
        return 0
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.connect((host, port))
    threading.Thread(target=receive, args=(sock,), daemon=True).start()
    while True:
        try:
            msg = input()
        except EOFError:
            msg = DISCONNECT
        send(sock, f"\n{name} enviou: {msg}\nDigite sua mensagem:")
        if msg == DISCONNECT:
            sock.send(DISCONNECT.encode(FORMAT))
            sock.close()
            return 0


if __name__ == "__main__":
    sys.exit(main())
