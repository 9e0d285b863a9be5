// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libvmwrpc: the conveniences every caller would otherwise write:
 * guestinfo get/set (the "guestinfo." prefix, the reply status) and log.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * A key is one word: the host splits "info-set KEY VALUE" at the first
 * blank, so a blank or control character would move bytes into the value.
 */
int vmwrpc__guestinfo_key_ok(const char *key)
{
	const unsigned char *p = (const unsigned char *)key;
	size_t plen = strlen(VRPC_GUESTINFO_PREFIX);

	if (!key || !*key)
		return 0;
	if (!strncmp(key, VRPC_GUESTINFO_PREFIX, plen) && !key[plen])
		return 0;
	for (; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			return 0;
	return 1;
}

/*
 * Build "VERB guestinfo.KEY" or "VERB guestinfo.KEY VALUE" (VALUE bytes,
 * NUL-safe), adding the prefix when KEY lacks it.
 */
int vmwrpc__guestinfo_cmd(const char *verb, const char *key,
			  const void *value, size_t value_len, bool with_value,
			  char **cmd, size_t *cmd_len)
{
	size_t plen = strlen(VRPC_GUESTINFO_PREFIX);
	size_t vlen = strlen(verb), klen, len;
	bool prefixed;
	char *p;

	*cmd = NULL;
	*cmd_len = 0;
	if (!vmwrpc__guestinfo_key_ok(key))
		return -VMWRPC_EBADKEY;
	if (with_value && !value && value_len)
		return -EINVAL;
	klen = strlen(key);
	prefixed = !strncmp(key, VRPC_GUESTINFO_PREFIX, plen);
	len = vlen + 1 + (prefixed ? 0 : plen) + klen;
	if (with_value) {
		if (value_len > SIZE_MAX - len - 2)
			return -EMSGSIZE;
		len += 1 + value_len;
	}
	p = malloc(len + 1);
	if (!p)
		return -ENOMEM;
	*cmd = p;
	memcpy(p, verb, vlen);
	p += vlen;
	*p++ = ' ';
	if (!prefixed) {
		memcpy(p, VRPC_GUESTINFO_PREFIX, plen);
		p += plen;
	}
	memcpy(p, key, klen);
	p += klen;
	if (with_value) {
		*p++ = ' ';
		if (value_len)
			memcpy(p, value, value_len);
		p += value_len;
	}
	*p = '\0';
	*cmd_len = len;
	return 0;
}

int vmwrpc_guestinfo_get(struct vmwrpc *h, const char *key, char **value,
			 size_t *len)
{
	char *cmd, *text;
	size_t cmd_len, tlen;
	int ret;

	if (!value || !len)
		return -EINVAL;
	*value = NULL;
	*len = 0;
	if (!h)
		return -EINVAL;
	ret = vmwrpc__guestinfo_cmd("info-get", key, NULL, 0, false, &cmd,
				    &cmd_len);
	if (ret)
		return ret;
	ret = vmwrpc_call(h, cmd, cmd_len, &text, &tlen);
	free(cmd);
	if (ret)
		return ret;
	*value = text;
	*len = tlen;
	return 0;
}

/* A command whose reply is only a status. */
static int vrpc_call_status(struct vmwrpc *h, const char *cmd, size_t cmd_len)
{
	char *text;
	size_t tlen;
	int ret;

	ret = vmwrpc_call(h, cmd, cmd_len, &text, &tlen);
	free(text);
	return ret;
}

int vmwrpc_guestinfo_set(struct vmwrpc *h, const char *key, const void *value,
			 size_t len)
{
	char *cmd;
	size_t cmd_len;
	int ret;

	if (!h)
		return -EINVAL;
	ret = vmwrpc__guestinfo_cmd("info-set", key, value, len, true, &cmd,
				    &cmd_len);
	if (ret)
		return ret;
	ret = vrpc_call_status(h, cmd, cmd_len);
	free(cmd);
	return ret;
}

/*
 * The host stores no empty value, so a cleared key holds one blank, as
 * cloud-init writes it (docs/protocol.md, section 3).
 */
int vmwrpc_guestinfo_clear(struct vmwrpc *h, const char *key)
{
	return vmwrpc_guestinfo_set(h, key, VMWRPC_GUESTINFO_CLEARED,
				    strlen(VMWRPC_GUESTINFO_CLEARED));
}

int vmwrpc_log(struct vmwrpc *h, const char *text)
{
	size_t tlen;
	char *cmd;
	int ret;

	if (!h || !text)
		return -EINVAL;
	tlen = strlen(text);
	cmd = malloc(4 + tlen + 1);
	if (!cmd)
		return -ENOMEM;
	memcpy(cmd, "log ", 4);
	memcpy(cmd + 4, text, tlen + 1);
	ret = vrpc_call_status(h, cmd, 4 + tlen);
	free(cmd);
	return ret;
}
