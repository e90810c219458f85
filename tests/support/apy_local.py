#!/usr/bin/python3
"""Run Apertium APy bound to 127.0.0.1 only.

APy 0.11.7 has no bind-address option: apertium_apy.apy.main() calls
tornado.httpserver.HTTPServer(...).bind(port), and TCPServer.bind() passes
address=None to bind_sockets(), which means every interface and family.
This wrapper replaces bind_sockets (both the tornado.netutil function and the
name tornado.tcpserver imported from it, which is the one TCPServer.bind and
TCPServer.listen call) by one that always binds 127.0.0.1 over IPv4, then runs
APy's own main() with the arguments given here, unchanged:

    LC_ALL=C.UTF-8 /usr/bin/python3 tests/support/apy_local.py \
        /usr/share/apertium/modes -p PORT [other APy options]

Run it with the Debian interpreter (/usr/bin/python3): apertium_apy and
tornado are Debian packages in /usr/lib/python3/dist-packages.
"""
import os
import socket
import sys

LOOPBACK = '127.0.0.1'


def main():
    # APy refuses to start without a UTF-8 locale (LANG or LC_ALL), and its
    # pipelines (lt-proc, apertium-*) inherit the environment.
    os.environ.setdefault('LC_ALL', 'C.UTF-8')
    try:
        import tornado.netutil
        import tornado.tcpserver
        from apertium_apy import apy
    except ImportError as e:
        sys.exit('apy_local.py: cannot import APy (%s); install the Debian '
                 'package apertium-apy and run this with /usr/bin/python3' % e)

    real_bind_sockets = tornado.netutil.bind_sockets

    def bind_loopback(port, address=None, family=socket.AF_UNSPEC, *args, **kwargs):
        if address not in (None, '', LOOPBACK, 'localhost'):
            sys.exit('apy_local.py: refusing to bind %r: only %s is allowed' % (address, LOOPBACK))
        return real_bind_sockets(port, LOOPBACK, socket.AF_INET, *args, **kwargs)

    tornado.netutil.bind_sockets = bind_loopback
    tornado.tcpserver.bind_sockets = bind_loopback

    sys.argv[0] = 'apy_local.py'
    print('apy_local.py: binding %s only (ignore APy\'s "Serving on all interfaces" line)' % LOOPBACK,
          file=sys.stderr, flush=True)
    apy.main()


if __name__ == '__main__':
    main()
