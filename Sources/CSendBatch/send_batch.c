// Batched socket sends through io_uring, with raw system calls (no liburing to install).
//
// Why: an event loop that writes one line to each of a room's members makes one send(2) per
// member, and each send wakes the client's reader; where the reader shares the core, the
// kernel switches to it when each send returns, and back, once per member. One io_uring_enter
// carrying all the sends returns once, so the reader wakes once and reads them all.

#include "send_batch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#if defined(__linux__)
#include <linux/io_uring.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

struct papo_send_ring {
    int fd;
    unsigned entries;
    unsigned *sq_head;
    unsigned *sq_tail;
    unsigned *sq_mask;
    unsigned *sq_array;
    unsigned *cq_head;
    unsigned *cq_tail;
    unsigned *cq_mask;
    struct io_uring_sqe *sqes;
    struct io_uring_cqe *cqes;
    void *ring_memory;
    size_t ring_size;
    size_t sqes_size;
};

static int ring_setup(unsigned entries, struct io_uring_params *params) {
    memset(params, 0, sizeof *params);
    // One thread submits, and completions need no interrupting task work.
    params->flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_COOP_TASKRUN;
    int fd = (int)syscall(__NR_io_uring_setup, entries, params);
    if (fd < 0 && errno == EINVAL) {
        // Kernels before 5.19 know neither flag.
        memset(params, 0, sizeof *params);
        fd = (int)syscall(__NR_io_uring_setup, entries, params);
    }
    return fd;
}

papo_send_ring *papo_send_ring_create(unsigned entries) {
    struct io_uring_params params;
    int fd = ring_setup(entries, &params);
    if (fd < 0) return NULL;
    // One mapping holds both rings on 5.4 and later; older kernels are not served.
    if (!(params.features & IORING_FEAT_SINGLE_MMAP)) {
        close(fd);
        return NULL;
    }
    size_t sq_size = params.sq_off.array + params.sq_entries * sizeof(unsigned);
    size_t cq_size = params.cq_off.cqes + params.cq_entries * sizeof(struct io_uring_cqe);
    size_t ring_size = sq_size > cq_size ? sq_size : cq_size;
    void *memory = mmap(NULL, ring_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQ_RING);
    if (memory == MAP_FAILED) {
        close(fd);
        return NULL;
    }
    size_t sqes_size = params.sq_entries * sizeof(struct io_uring_sqe);
    void *sqes = mmap(NULL, sqes_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQES);
    if (sqes == MAP_FAILED) {
        munmap(memory, ring_size);
        close(fd);
        return NULL;
    }
    papo_send_ring *ring = calloc(1, sizeof *ring);
    if (ring == NULL) {
        munmap(sqes, sqes_size);
        munmap(memory, ring_size);
        close(fd);
        return NULL;
    }
    char *base = memory;
    ring->fd = fd;
    ring->entries = params.sq_entries;
    ring->sq_head = (unsigned *)(base + params.sq_off.head);
    ring->sq_tail = (unsigned *)(base + params.sq_off.tail);
    ring->sq_mask = (unsigned *)(base + params.sq_off.ring_mask);
    ring->sq_array = (unsigned *)(base + params.sq_off.array);
    ring->cq_head = (unsigned *)(base + params.cq_off.head);
    ring->cq_tail = (unsigned *)(base + params.cq_off.tail);
    ring->cq_mask = (unsigned *)(base + params.cq_off.ring_mask);
    ring->cqes = (struct io_uring_cqe *)(base + params.cq_off.cqes);
    ring->sqes = sqes;
    ring->ring_memory = memory;
    ring->ring_size = ring_size;
    ring->sqes_size = sqes_size;
    return ring;
}

void papo_send_ring_destroy(papo_send_ring *ring) {
    if (ring == NULL) return;
    munmap(ring->sqes, ring->sqes_size);
    munmap(ring->ring_memory, ring->ring_size);
    close(ring->fd);
    free(ring);
}

/// Takes every completion posted so far into its send's result; returns how many were for
/// the sends from `base` on (each send completes once).
static unsigned reap(papo_send_ring *ring, papo_send *sends, size_t base, size_t count) {
    unsigned head = *ring->cq_head;
    unsigned tail = __atomic_load_n(ring->cq_tail, __ATOMIC_ACQUIRE);
    unsigned taken = 0;
    for (; head != tail; head++) {
        struct io_uring_cqe *cqe = &ring->cqes[head & *ring->cq_mask];
        size_t index = (size_t)cqe->user_data;
        if (index >= base && index < base + count) {
            sends[index].result = cqe->res;
            taken++;
        }
    }
    __atomic_store_n(ring->cq_head, head, __ATOMIC_RELEASE);
    return taken;
}

int papo_send_ring_send(papo_send_ring *ring, papo_send *sends, size_t count) {
    for (size_t i = 0; i < count; i++) sends[i].result = PAPO_SEND_NOT_DONE;
    size_t done = 0;
    while (done < count) {
        unsigned chunk = (unsigned)(count - done < ring->entries ? count - done : ring->entries);
        unsigned tail = *ring->sq_tail;
        for (unsigned i = 0; i < chunk; i++) {
            unsigned slot = (tail + i) & *ring->sq_mask;
            struct io_uring_sqe *sqe = &ring->sqes[slot];
            const papo_send *send = &sends[done + i];
            memset(sqe, 0, sizeof *sqe);
            sqe->opcode = IORING_OP_SEND;
            sqe->fd = send->fd;
            sqe->addr = (uint64_t)(uintptr_t)send->bytes;
            sqe->len = send->length;
            // MSG_DONTWAIT: a full socket completes at once with -EAGAIN instead of waiting.
            sqe->msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL;
            sqe->user_data = done + i;
            ring->sq_array[slot] = slot;
        }
        __atomic_store_n(ring->sq_tail, tail + chunk, __ATOMIC_RELEASE);
        // Non-blocking sends complete while they are submitted: one call submits them and
        // waits for all. What the kernel took is read from its head of the queue, not from the
        // return value, which an interrupted call does not give.
        unsigned submitted = 0;
        int error = 0;
        for (int attempt = 0; submitted < chunk && attempt < 8; attempt++) {
            int entered = (int)syscall(__NR_io_uring_enter, ring->fd, chunk - submitted, chunk - submitted,
                                       IORING_ENTER_GETEVENTS, NULL, 0);
            submitted = __atomic_load_n(ring->sq_head, __ATOMIC_ACQUIRE) - tail;
            if (entered < 0 && errno != EINTR) {
                error = errno;
                break;
            }
        }
        if (submitted < chunk) {
            // What was not submitted stays unsent (PAPO_SEND_NOT_DONE); take it back.
            __atomic_store_n(ring->sq_tail, tail + submitted, __ATOMIC_RELEASE);
            if (error == 0) error = EIO;
        }
        // Every submitted send gets its completion before this returns, so that none is
        // reported unsent (and sent again by the caller) after the kernel sent it.
        // Counted as they come, rather than by walking the results again after each wait.
        unsigned completed = reap(ring, sends, done, submitted);
        for (int attempt = 0; completed < submitted && attempt < 1000; attempt++) {
            int waited = (int)syscall(__NR_io_uring_enter, ring->fd, 0, submitted - completed, IORING_ENTER_GETEVENTS,
                                      NULL, 0);
            if (waited < 0 && errno != EINTR) return -errno;
            completed += reap(ring, sends, done, submitted);
        }
        if (error != 0) return -error;
        // A completion that never came: only a broken kernel does that.
        if (completed < chunk) return -EIO;
        done += chunk;
    }
    return 0;
}

#else

papo_send_ring *papo_send_ring_create(unsigned entries) {
    (void)entries;
    return NULL;
}

void papo_send_ring_destroy(papo_send_ring *ring) { (void)ring; }

int papo_send_ring_send(papo_send_ring *ring, papo_send *sends, size_t count) {
    (void)ring;
    (void)sends;
    (void)count;
    return -ENOSYS;
}

#endif
