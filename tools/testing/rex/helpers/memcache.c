// SPDX-License-Identifier: GPL-2.0-only
/*
 * rex-test-memcache: a small memcached client for the bmc sample's test,
 * talking to 127.0.0.1:11211.
 *
 *   rex-test-memcache set KEY VALUE   store VALUE under KEY (TCP); prints
 *                                     memcached's answer (STORED)
 *   rex-test-memcache get KEY...      one UDP get; prints each value, or
 *                                     "miss" if there is none
 *   rex-test-memcache stat NAME       the value of memcached's STAT NAME
 *   rex-test-memcache tcp LINE        sends LINE (TCP), prints the answer's
 *                                     first line
 *   rex-test-memcache udp LINE        the same over UDP
 *   rex-test-memcache bench KEY N     N UDP gets of KEY, one after the
 *                                     other on one socket; each reply must
 *                                     be KEY's value, whole, in one
 *                                     datagram.
 *                                     Prints the mean time of a get in ns
 *                                     (CLOCK_MONOTONIC; for make bench)
 *
 * The UDP get puts the reply's datagrams together (each with the request's
 * id) until one ends the reply, and checks its syntax: "VALUE <key> <flags> <bytes>\r\n<data>\r\n"
 * per key, then "END\r\n".  Exits 1 on a malformed reply or a timeout.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define PORT 11211

static int connect_to(int type)
{
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(PORT),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	struct timeval timeout = { .tv_sec = 3 };
	int fd = socket(AF_INET, type, 0);

	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		fprintf(stderr, "memcache: connect: %s\n", strerror(errno));
		exit(1);
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
	return fd;
}

static void send_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = send(fd, data, len, 0);

		if (n <= 0) {
			fprintf(stderr, "memcache: send: %s\n", strerror(errno));
			exit(1);
		}
		data += n;
		len -= n;
	}
}

/* Reads from a TCP connection until the buffer ends with end. */
static size_t read_until(int fd, char *buf, size_t size, const char *end)
{
	size_t len = 0, end_len = strlen(end);

	while (len + 1 < size) {
		ssize_t n = recv(fd, buf + len, size - 1 - len, 0);

		if (n <= 0) {
			fprintf(stderr, "memcache: no answer: %s\n", n ? strerror(errno) : "closed");
			exit(1);
		}
		len += n;
		buf[len] = 0;
		if (len >= end_len && !strcmp(buf + len - end_len, end))
			return len;
	}
	fprintf(stderr, "memcache: answer too long\n");
	exit(1);
}

static int tcp_line(const char *line)
{
	char buf[4096];
	int fd = connect_to(SOCK_STREAM);

	snprintf(buf, sizeof(buf), "%s\r\n", line);
	send_all(fd, buf, strlen(buf));
	read_until(fd, buf, sizeof(buf), "\r\n");
	*strstr(buf, "\r\n") = 0;
	printf("%s\n", buf);
	close(fd);
	return 0;
}

static int udp_line(const char *line)
{
	unsigned char buf[4096] = { 0x12, 0x34, 0, 0, 0, 1, 0, 0 };
	int fd = connect_to(SOCK_DGRAM);
	ssize_t n;

	n = 8 + snprintf((char *)buf + 8, sizeof(buf) - 8, "%s\r\n", line);
	send_all(fd, (char *)buf, n);
	n = recv(fd, buf, sizeof(buf) - 1, 0);
	if (n < 8 || buf[0] != 0x12 || buf[1] != 0x34) {
		fprintf(stderr, "memcache: no UDP answer\n");
		return 1;
	}
	buf[n] = 0;
	printf("%.*s\n", (int)strcspn((char *)buf + 8, "\r"), buf + 8);
	close(fd);
	return 0;
}

static int set(const char *key, const char *value)
{
	char line[4096];

	snprintf(line, sizeof(line), "set %s 0 0 %zu\r\n%s", key, strlen(value), value);
	return tcp_line(line);
}

static int show_stat(const char *name)
{
	char buf[65536], want[256], *at;
	int fd = connect_to(SOCK_STREAM);

	send_all(fd, "stats\r\n", 7);
	read_until(fd, buf, sizeof(buf), "END\r\n");
	snprintf(want, sizeof(want), "STAT %s ", name);
	at = strstr(buf, want);
	if (!at) {
		fprintf(stderr, "memcache: no STAT %s\n", name);
		return 1;
	}
	at += strlen(want);
	printf("%.*s\n", (int)strcspn(at, "\r"), at);
	close(fd);
	return 0;
}

static int malformed(const char *what, const char *reply)
{
	fprintf(stderr, "memcache: malformed reply (%s): '%s'\n", what, reply);
	return 1;
}

/*
 * Parses a "VALUE <key> <flags> <bytes>\r\n" line at at: the key goes to
 * name, the data's length to *bytes; returns the line's length, 0 if it is
 * not one.
 */
static int value_line(const char *at, char name[256], int *bytes)
{
	unsigned int flags;
	int used = 0;

	if (sscanf(at, "VALUE %255s %u %d\r\n%n", name, &flags, bytes, &used) != 3 || *bytes < 0)
		return 0;
	return used;
}

static int get(int keys, char **key)
{
	unsigned char request[2048], reply[16384];
	char *text, *at;
	unsigned short id = getpid() & 0xffff;
	size_t len = 8;
	ssize_t n;
	int fd = connect_to(SOCK_DGRAM), i;

	memset(request, 0, 8);
	request[0] = id >> 8;
	request[1] = id & 0xff;
	request[5] = 1; /* one datagram */
	len += snprintf((char *)request + len, sizeof(request) - len, "get");
	for (i = 0; i < keys; i++)
		len += snprintf((char *)request + len, sizeof(request) - len, " %s", key[i]);
	len += snprintf((char *)request + len, sizeof(request) - len, "\r\n");
	send_all(fd, (char *)request, len);

	/*
	 * memcached sends each part of a reply (each key's value; the last
	 * with "END\r\n") as datagrams of its own, each with the request id:
	 * put them together, in order of arrival, until the reply ends.
	 */
	n = 0;
	do {
		ssize_t got = recv(fd, reply + n, sizeof(reply) - 1 - n, 0);

		if (got < 0) {
			fprintf(stderr, "memcache: no UDP reply: %s\n", strerror(errno));
			return 1;
		}
		if (got < 8 || reply[n] != request[0] || reply[n + 1] != request[1])
			return malformed("frame header", "");
		memmove(reply + n, reply + n + 8, got - 8);
		n += got - 8;
		reply[n] = 0;
	} while (n < 5 || strcmp((char *)reply + n - 5, "END\r\n"));
	text = (char *)reply;
	at = text;
	if (!strcmp(at, "END\r\n")) {
		printf("miss\n");
		return 0;
	}
	while (strncmp(at, "END\r\n", 5)) {
		char name[256];
		int bytes, used = value_line(at, name, &bytes);

		if (!used)
			return malformed("VALUE line", text);
		at += used;
		if ((size_t)bytes + 2 > strlen(at) || strncmp(at + bytes, "\r\n", 2))
			return malformed("data", text);
		printf("%.*s\n", bytes, at);
		at += bytes + 2;
	}
	if (strcmp(at, "END\r\n"))
		return malformed("after END", text);
	close(fd);
	return 0;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * Whether a reply's text (after the frame header) is exactly one value of
 * key, whole: "VALUE <key> <flags> <bytes>\r\n<data>\r\nEND\r\n".
 */
static int one_value(const char *text, size_t len, const char *key)
{
	char name[256];
	int bytes, used = value_line(text, name, &bytes);

	if (!used || strcmp(name, key))
		return 0;
	return len == used + (size_t)bytes + 7 && !strcmp(text + used + bytes, "\r\nEND\r\n");
}

/*
 * Gets of one key, each waiting for its reply: the latency of a get, which
 * is what bmc shortens (the request is answered at XDP, before the socket
 * layer and memcached). Each request has its own id (the last 65536 are
 * distinct: a reply is waited for before the next request, so no older
 * one can arrive), and a reply counts only if it carries that id, is the
 * only datagram of its reply, and is the key's value, whole (the first)
 * or the same as the first (the others).
 */
static int bench(const char *key, long gets)
{
	unsigned char request[512], reply[2048], first[2048];
	size_t len, first_len = 0;
	long long start;
	int fd = connect_to(SOCK_DGRAM);
	long i;

	if (strlen(key) > 250 || gets <= 0) {
		fprintf(stderr, "memcache: bench needs a key of at most 250 bytes and N > 0\n");
		return 2;
	}
	memset(request, 0, 8);
	request[5] = 1; /* one datagram */
	len = 8 + snprintf((char *)request + 8, sizeof(request) - 8, "get %s\r\n", key);
	start = now_ns();
	for (i = 0; i < gets; i++) {
		ssize_t n;

		request[0] = (i >> 8) & 0xff;
		request[1] = i & 0xff;
		send_all(fd, (char *)request, len);
		do {
			n = recv(fd, reply, sizeof(reply) - 1, MSG_TRUNC);
			if (n < 0) {
				fprintf(stderr, "memcache: get %ld: no UDP reply: %s\n", i, strerror(errno));
				return 1;
			}
			if (n > (ssize_t)sizeof(reply) - 1) {
				fprintf(stderr, "memcache: get %ld: a reply of %zd bytes, more than a bench value\n",
					i, n);
				return 1;
			}
			reply[n] = 0;
		} while (n >= 2 && (reply[0] != request[0] || reply[1] != request[1]));
		if (n < 8 || reply[2] || reply[3] || reply[4] || reply[5] != 1)
			return malformed("bench reply: not one datagram", "");
		/*
		 * The first reply is parsed; the others must be the same bytes
		 * (a comparison costs far less than a parse, which the figure
		 * would count).
		 */
		if (!i) {
			if (!one_value((char *)reply + 8, n - 8, key))
				return malformed("bench reply", (char *)reply + 8);
			first_len = n - 8;
			memcpy(first, reply + 8, first_len);
		} else if ((size_t)n - 8 != first_len || memcmp(reply + 8, first, first_len)) {
			return malformed("bench reply: not the first reply's value", (char *)reply + 8);
		}
	}
	printf("%lld\n", (now_ns() - start) / gets);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "set"))
		return set(argv[2], argv[3]);
	if (argc >= 3 && !strcmp(argv[1], "get"))
		return get(argc - 2, argv + 2);
	if (argc == 3 && !strcmp(argv[1], "stat"))
		return show_stat(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "tcp"))
		return tcp_line(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "udp"))
		return udp_line(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "bench"))
		return bench(argv[2], strtol(argv[3], NULL, 0));
	fprintf(stderr, "usage: %s set KEY VALUE | get KEY... | stat NAME | tcp LINE | udp LINE | bench KEY N\n",
		argv[0]);
	return 2;
}
