"""Drives a command through its prompts in a real pseudo-terminal, for the tests.

    python3 pty-drive.py SCRIPT.json

SCRIPT.json: {"argv": [...], "steps": [[pattern, keys], ...], "timeout": seconds}. For
each step it waits until `pattern` (a regular expression) appears in what the command
wrote since the previous step (ANSI escapes removed), then types `keys`. It prints one
JSON object: {"exit": code, "waited": [true|false per step], "transcript": text}.
Only the standard library: pty, select, os.
"""
import json, os, pty, re, select, sys, time

ANSI = re.compile(rb'\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-B]|\x1b[=>]')

def main():
    script = json.load(open(sys.argv[1]))
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(script['argv'][0], script['argv'])
    timeout = float(script.get('timeout', 20))
    out = b''
    seen = 0  # where the current step starts looking
    waited = []
    alive = True

    def pump(wait):
        nonlocal out, alive
        r, _, _ = select.select([fd], [], [], wait)
        if not r:
            return
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            chunk = b''
        if not chunk:
            alive = False
        out += chunk

    for pattern, keys in script['steps']:
        found = False
        end = time.time() + timeout
        while alive and time.time() < end:
            text = ANSI.sub(b'', out[seen:]).decode('utf8', 'replace')
            m = re.search(pattern, text)
            if m:
                found = True
                break
            pump(0.1)
        waited.append(found)
        if not found:
            break
        seen = len(out)
        time.sleep(0.15)  # let the prompt finish drawing before typing
        os.write(fd, keys.encode('utf8'))
    end = time.time() + timeout
    while alive and time.time() < end:
        pump(0.2)
    if alive:
        os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
    print(json.dumps({'exit': code, 'waited': waited, 'transcript': ANSI.sub(b'', out).decode('utf8', 'replace')}))

main()
