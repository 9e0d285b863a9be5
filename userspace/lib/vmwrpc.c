// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libvmwrpc: the handle and one function per ioctl of /dev/vmw_rpc, plus
 * the receive loop that grows its buffer on the driver's ENOBUFS.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "internal.h"

#define PTR_U64(p)	((__u64)(uintptr_t)(p))

/* ioctl() with EINTR passed up: a command may already have run. */
static int vrpc_ioctl(const struct vmwrpc *h, unsigned long req, void *arg)
{
	if (ioctl(h->fd, req, arg) < 0)
		return -errno;
	return 0;
}

/*
 * vmwrpc_open() into the caller's @h: vmw-rpctool, which links these
 * objects, keeps its one handle in .bss and so never calls malloc().
 * Release with vmwrpc__close_into().
 */
int vmwrpc__open_into(struct vmwrpc *h, const char *path, unsigned int flags)
{
	const char *dev = path ? path : VMWRPC_DEVICE;
	int fd, ret, err;

	if (flags & ~VMWRPC_OPEN_LOAD_MODULE)
		return -EINVAL;

	fd = open(dev, O_RDWR | O_CLOEXEC);
	err = errno;
	if (fd < 0 && (err == ENOENT || err == ENXIO || err == ENODEV) &&
	    (flags & VMWRPC_OPEN_LOAD_MODULE) && !path && geteuid() == 0 &&
	    vmwrpc_platform_is_vmware() != 0) {
		ret = vmwrpc__load_module();
		if (ret)
			return ret;
		/* udev or devtmpfs creates the node: give it two seconds. */
		for (int i = 0; i < 40; i++) {
			fd = open(dev, O_RDWR | O_CLOEXEC);
			err = errno;
			if (fd >= 0 || err != ENOENT)
				break;
			usleep(50000);
		}
	}
	if (fd < 0) {
		/*
		 * Why /dev/vmw_rpc is missing is the module's story; a path
		 * of the caller's choosing may just be wrong.
		 */
		if ((err == ENOENT || err == ENXIO || err == ENODEV) &&
		    (!path || !strcmp(path, VMWRPC_DEVICE)))
			return vmwrpc__open_error(err, vmwrpc_module_state(),
						  vmwrpc_platform_is_vmware());
		return vmwrpc__open_error(err, VMWRPC_MODULE_UNKNOWN, -ENODATA);
	}

	memset(h, 0, sizeof(*h));
	h->fd = fd;
	ret = vrpc_ioctl(h, VMW_RPC_IOC_INFO, &h->info);
	if (ret == -ENOTTY || ret == -EINVAL)
		ret = -VMWRPC_ENOTDRIVER;
	else if (!ret && h->info.abi_version < VMWRPC_ABI_MIN)
		ret = -VMWRPC_EABI;	/* later ones only add (<linux/vmw_rpc.h>) */
	if (ret) {
		close(fd);
		h->fd = -1;
	}
	return ret;
}

void vmwrpc__close_into(struct vmwrpc *h)
{
	if (h->fd >= 0)
		close(h->fd);
	h->fd = -1;
}

int vmwrpc_open(struct vmwrpc **hp, const char *path, unsigned int flags)
{
	struct vmwrpc *h;
	int ret;

	if (!hp)
		return -EINVAL;
	*hp = NULL;
	if (flags & ~VMWRPC_OPEN_LOAD_MODULE)
		return -EINVAL;
	h = malloc(sizeof(*h));
	if (!h)
		return -ENOMEM;
	ret = vmwrpc__open_into(h, path, flags);
	if (ret) {
		free(h);
		return ret;
	}
	*hp = h;
	return 0;
}

void vmwrpc_close(struct vmwrpc *h)
{
	if (!h)
		return;
	vmwrpc__close_into(h);
	free(h);
}

int vmwrpc_info(struct vmwrpc *h, struct vmw_rpc_info *info)
{
	if (!h || !info)
		return -EINVAL;
	return vrpc_ioctl(h, VMW_RPC_IOC_INFO, info);
}

static int vrpc_backdoor(struct vmwrpc *h, unsigned int mode,
			 const struct vmw_rpc_regs *in,
			 struct vmw_rpc_regs *out, void *buf, size_t len)
{
	struct vmw_rpc_backdoor bd;
	int ret;

	if (!h || !in || !out)
		return -EINVAL;
	if (len > UINT32_MAX)
		return -EMSGSIZE;
	memset(&bd, 0, sizeof(bd));
	bd.mode = mode;
	bd.in = *in;
	bd.buf = PTR_U64(buf);
	bd.buf_len = (__u32)len;
	ret = vrpc_ioctl(h, VMW_RPC_IOC_BACKDOOR, &bd);
	if (!ret)
		*out = bd.out;
	return ret;
}

int vmwrpc_backdoor(struct vmwrpc *h, const struct vmw_rpc_regs *in,
		    struct vmw_rpc_regs *out)
{
	return vrpc_backdoor(h, VMW_RPC_BDOOR_LB, in, out, NULL, 0);
}

int vmwrpc_backdoor_hb(struct vmwrpc *h, unsigned int dir,
		       const struct vmw_rpc_regs *in, struct vmw_rpc_regs *out,
		       void *buf, size_t len)
{
	if ((dir != VMWRPC_HB_OUT && dir != VMWRPC_HB_IN) || !buf || !len)
		return -EINVAL;
	return vrpc_backdoor(h, dir, in, out, buf, len);
}

int vmwrpc_chan_open(struct vmwrpc *h, uint32_t protocol, uint32_t *chan)
{
	struct vmw_rpc_chan_open op = { .protocol = protocol };
	int ret;

	if (!h || !chan)
		return -EINVAL;
	ret = vrpc_ioctl(h, VMW_RPC_IOC_CHAN_OPEN, &op);
	if (!ret)
		*chan = op.handle;
	return ret;
}

int vmwrpc_chan_send(struct vmwrpc *h, uint32_t chan, const void *msg,
		     size_t len)
{
	struct vmw_rpc_chan_msg m = { .handle = chan };

	if (!h || (!msg && len))
		return -EINVAL;
	if (len > UINT32_MAX)
		return -EMSGSIZE;
	m.buf = PTR_U64(msg);
	m.len = (__u32)len;
	return vrpc_ioctl(h, VMW_RPC_IOC_CHAN_SEND, &m);
}

/*
 * Receive into a buffer that starts at VRPC_RECV_INITIAL bytes; when the
 * driver answers ENOBUFS it keeps the reply and tells the size needed, so
 * grow to exactly that and ask again.
 */
int vmwrpc_chan_recv(struct vmwrpc *h, uint32_t chan, char **reply,
		     size_t *len)
{
	size_t cap = VRPC_RECV_INITIAL;
	char *buf, *tmp;
	int ret = -ENOBUFS;

	if (!reply || !len)
		return -EINVAL;
	*reply = NULL;
	*len = 0;
	if (!h)
		return -EINVAL;
	buf = malloc(cap + 1);
	if (!buf)
		return -ENOMEM;

	for (int tries = 0; tries < VRPC_RECV_TRIES; tries++) {
		struct vmw_rpc_chan_msg m = {
			.handle = chan,
			.buf = PTR_U64(buf),
			.len = (__u32)cap,
		};

		ret = vrpc_ioctl(h, VMW_RPC_IOC_CHAN_RECV, &m);
		if (!ret) {
			if (m.len > cap) {	/* a driver bug; never overrun */
				ret = -EPROTO;
				break;
			}
			tmp = realloc(buf, (size_t)m.len + 1);
			if (tmp)
				buf = tmp;
			buf[m.len] = '\0';
			*reply = buf;
			*len = m.len;
			return 0;
		}
		if (ret != -ENOBUFS)
			break;
		if (m.len <= cap)	/* no size to grow to */
			break;
		cap = m.len;
		tmp = realloc(buf, cap + 1);
		if (!tmp) {
			ret = -ENOMEM;
			break;
		}
		buf = tmp;
	}
	free(buf);
	return ret;
}

int vmwrpc_chan_close(struct vmwrpc *h, uint32_t chan)
{
	struct vmw_rpc_chan_close cl = { .handle = chan };

	if (!h)
		return -EINVAL;
	return vrpc_ioctl(h, VMW_RPC_IOC_CHAN_CLOSE, &cl);
}

/*
 * One VMW_RPC_IOC_CALL into @buf of @cap bytes. *@len is the reply's
 * length, or the size needed after -ENOBUFS; *@delivered the driver's
 * report (1, 0, or -1 when it gives none).
 */
static int vrpc_call(struct vmwrpc *h, const void *req, size_t req_len,
		     void *buf, size_t cap, unsigned int timeout_flag,
		     unsigned int timeout_ms, size_t *len, int *delivered)
{
	struct vmw_rpc_call c;
	int ret;

	*len = 0;
	*delivered = 0;		/* nothing sent until the ioctl */
	if (!h || !req || !req_len)
		return -EINVAL;
	if (req_len > UINT32_MAX ||
	    (h->info.max_send && req_len > h->info.max_send))
		return -EMSGSIZE;
	if (timeout_flag && !(h->info.flags & VMW_RPC_INFO_CALL_TIMEOUT))
		return -VMWRPC_EDRIVEROLD;	/* ABI 1 would say EINVAL */
	memset(&c, 0, sizeof(c));
	c.request = PTR_U64(req);
	c.request_len = (__u32)req_len;
	c.reply = PTR_U64(buf);
	c.reply_len = cap > UINT32_MAX ? UINT32_MAX : (__u32)cap;
	if (timeout_flag) {
		c.flags = VMW_RPC_CALL_TIMEOUT;
		c.timeout_ms = timeout_ms;
	}
	ret = vrpc_ioctl(h, VMW_RPC_IOC_CALL, &c);
	if (!(h->info.flags & VMW_RPC_INFO_CALL_DELIVERED))
		*delivered = ret ? -1 : 1;
	else
		*delivered = ret ? !!(c.flags & VMW_RPC_CALL_DELIVERED) : 1;
	if (!ret && c.reply_len > cap)	/* a driver bug; never overrun */
		ret = -EPROTO;
	if (!ret || ret == -ENOBUFS)
		*len = c.reply_len;
	return ret;
}

/*
 * The one-shot call. The driver drops a reply that does not fit (it will
 * not run the command twice), so the buffer is max_reply bytes, the most
 * the driver ever returns; it is shrunk to the reply afterwards.
 */
int vmwrpc_call_raw(struct vmwrpc *h, const void *req, size_t req_len,
		    char **reply, size_t *reply_len)
{
	size_t cap, len;
	char *buf, *tmp;
	int ret, delivered;

	if (!reply || !reply_len)
		return -EINVAL;
	*reply = NULL;
	*reply_len = 0;
	if (!h || !req || !req_len)
		return -EINVAL;
	if (req_len > UINT32_MAX ||
	    (h->info.max_send && req_len > h->info.max_send))
		return -EMSGSIZE;

	cap = h->info.max_reply ? h->info.max_reply : VRPC_DEFAULT_MAX_REPLY;
	buf = malloc(cap + 1);
	if (!buf)
		return -ENOMEM;
	ret = vrpc_call(h, req, req_len, buf, cap, 0, 0, &len, &delivered);
	if (ret) {
		free(buf);
		return ret;
	}
	tmp = realloc(buf, len + 1);
	if (tmp)
		buf = tmp;
	buf[len] = '\0';
	*reply = buf;
	*reply_len = len;
	return 0;
}

/* The first version of struct vmwrpc_call_opts ends after reply_needed. */
#define VRPC_CALL_OPTS_V1 \
	(offsetof(struct vmwrpc_call_opts, reply_needed) + sizeof(size_t))

int vmwrpc_call_buf(struct vmwrpc *h, const void *req, size_t req_len,
		    void *reply, size_t reply_size, size_t *reply_len,
		    struct vmwrpc_call_opts *opts)
{
	unsigned int timeout_flag = 0, timeout_ms = 0;
	size_t len;
	int ret, delivered;

	if (opts) {
		if (opts->size < VRPC_CALL_OPTS_V1)
			return -EINVAL;
		/* The outputs are written on every failure from here on. */
		opts->delivered = 0;
		opts->reply_needed = 0;
	}
	if (!reply_len)
		return -EINVAL;
	*reply_len = 0;
	if (opts) {
		const unsigned char *tail = (const unsigned char *)opts;

		/* A later version's fields: refuse what we cannot honour. */
		for (size_t i = sizeof(*opts); i < opts->size; i++)
			if (tail[i])
				return -E2BIG;
		if (opts->flags & ~VMWRPC_CALL_TIMEOUT || opts->reserved)
			return -EINVAL;
		timeout_flag = opts->flags & VMWRPC_CALL_TIMEOUT;
		timeout_ms = opts->timeout_ms;
		if (timeout_flag ? timeout_ms > VMW_RPC_CALL_TIMEOUT_MAX_MS
				 : timeout_ms)
			return -EINVAL;
	}
	if (!reply || !reply_size)
		return -EINVAL;
	ret = vrpc_call(h, req, req_len, reply, reply_size, timeout_flag,
			timeout_ms, &len, &delivered);
	if (opts) {
		opts->delivered = delivered;
		if (ret == -ENOBUFS)
			opts->reply_needed = len;
	}
	if (ret)
		return ret;
	if (len < reply_size)
		((char *)reply)[len] = '\0';
	*reply_len = len;
	return 0;
}

int vmwrpc_parse_reply(const void *reply, size_t len, const char **text,
		       size_t *text_len)
{
	static const struct {
		const char *text;
		int err;
	} known[] = {
		{ "No value found", -VMWRPC_ENOVALUE },
		{ "Permission denied", -VMWRPC_ESECURE },
	};
	const char *r = reply;
	size_t tlen;

	if (text)
		*text = NULL;
	if (text_len)
		*text_len = 0;
	if (!r || len < 2 || (r[0] != '1' && r[0] != '0') || r[1] != ' ')
		return -VMWRPC_EBADREPLY;
	tlen = len - 2;
	if (text)
		*text = r + 2;
	if (text_len)
		*text_len = tlen;
	if (r[0] == '1')
		return 0;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		size_t klen = strlen(known[i].text);

		if (tlen == klen && !memcmp(r + 2, known[i].text, klen))
			return known[i].err;
	}
	return -VMWRPC_EHOST;
}

int vmwrpc_call(struct vmwrpc *h, const void *req, size_t req_len,
		char **text, size_t *text_len)
{
	char *reply;
	size_t len, tlen;
	const char *t;
	int ret, status;

	if (!text || !text_len)
		return -EINVAL;
	*text = NULL;
	*text_len = 0;
	ret = vmwrpc_call_raw(h, req, req_len, &reply, &len);
	if (ret)
		return ret;
	status = vmwrpc_parse_reply(reply, len, &t, &tlen);
	if (status) {
		/* Nothing to free on failure: the host's text is call_raw's. */
		free(reply);
		return status;
	}
	/* Drop the status in place: the text is the caller's buffer. */
	memmove(reply, t, tlen + 1);
	*text = reply;
	*text_len = tlen;
	return status;
}

void vmwrpc_free(void *reply)
{
	free(reply);
}
