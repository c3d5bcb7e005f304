"""What /proc says about a running papod, for the scripts that load it."""


def rss_kib(pid):
    """Resident memory in KiB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0
