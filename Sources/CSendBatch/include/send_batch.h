#ifndef PAPO_SEND_BATCH_H
#define PAPO_SEND_BATCH_H

#include <stddef.h>
#include <stdint.h>

/// A result no send has: the send was not attempted. (A constant rather than a macro, so
/// that Swift sees it.)
static const int32_t PAPO_SEND_NOT_DONE = INT32_MIN;

/// One non-blocking send of a batch. `result` becomes the bytes sent or -errno.
typedef struct {
    const void *bytes;
    uint32_t length;
    int32_t fd;
    int32_t result;
} papo_send;

/// An io_uring that sends batches for the thread that made it (an event loop's).
typedef struct papo_send_ring papo_send_ring;

/// A ring for up to `entries` sends per system call; NULL where io_uring cannot be had (not
/// Linux, an older kernel, turned off by the kernel.io_uring_disabled sysctl, or refused by a
/// sandbox), and the caller sends one by one instead.
papo_send_ring *papo_send_ring_create(unsigned entries);

void papo_send_ring_destroy(papo_send_ring *ring);

/// Sends each of `sends` without blocking and without SIGPIPE, `entries` to a system call,
/// and sets each `result`. Returns 0, or -errno if the ring itself failed: sends whose result
/// is still PAPO_SEND_NOT_DONE were then not attempted.
int papo_send_ring_send(papo_send_ring *ring, papo_send *sends, size_t count);

#endif
