#!/bin/sh
# Stands in for `sendmail -t -oi` in SendmailTransport's tests: no real MTA is installed on the test machines,
# and a test must not send real mail anyway. It checks its arguments, copies standard input to
# $FAKE_SENDMAIL_OUTPUT, and exits with $FAKE_SENDMAIL_STATUS (default 0), printing $FAKE_SENDMAIL_STDERR to
# standard error first; with FAKE_SENDMAIL_SLEEP it sleeps that many seconds before reading (a hung MTA), and
# with FAKE_SENDMAIL_NO_READ it exits without reading its input at all.
if [ "$#" -ne 2 ] || [ "$1" != "-t" ] || [ "$2" != "-oi" ]; then
    echo "fake sendmail: expected arguments '-t -oi', got '$*'" >&2
    exit 64
fi
if [ -n "$FAKE_SENDMAIL_SLEEP" ]; then
    # In the background and waited for, so that SIGTERM stops the script at once and takes the sleep with it.
    sleep "$FAKE_SENDMAIL_SLEEP" &
    trap 'kill $! 2>/dev/null; exit 143' TERM
    wait $!
fi
if [ -z "$FAKE_SENDMAIL_NO_READ" ]; then
    cat > "${FAKE_SENDMAIL_OUTPUT:-/dev/null}"
fi
if [ -n "$FAKE_SENDMAIL_STDERR" ]; then
    printf '%s\n' "$FAKE_SENDMAIL_STDERR" >&2
fi
exit "${FAKE_SENDMAIL_STATUS:-0}"
