/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The wire protocol as the simulated host knows it, written from
 * docs/protocol.md and not from the driver: the sim takes no protocol
 * constant from driver/vmw_rpc.h or <linux/vmw_rpc.h>, so a wrong value
 * there makes the driver and the sim disagree and the channel tests fail,
 * instead of being copied by both.
 *
 * Each value names the section of docs/protocol.md it comes from.
 */
#ifndef _VMW_RPC_SIM_PROTO_H
#define _VMW_RPC_SIM_PROTO_H

/* Section 1.1: eax of every call, "VMXh" (BDOOR_MAGIC). */
#define VMW_SIM_BDOOR_MAGIC		0x564D5868U
/* Section 1.1: edx[15:0], low bandwidth (BDOOR_PORT). */
#define VMW_SIM_BDOOR_PORT		0x5658
/* Section 1.1: edx[15:0], high bandwidth (BDOORHB_PORT). */
#define VMW_SIM_BDOOR_HB_PORT		0x5659

/* Section 1.4: ecx[15:0], the message channel (BDOOR_CMD_MESSAGE). */
#define VMW_SIM_BDOOR_CMD_MESSAGE	30
/* Section 2.3: ebx[15:0] of a high-bandwidth message transfer. */
#define VMW_SIM_BDOORHB_CMD_MESSAGE	0

/* Section 2.2: the subcommands, in ecx[31:16] of command 30. */
#define VMW_SIM_MSG_OPEN		0
#define VMW_SIM_MSG_SENDSIZE		1
#define VMW_SIM_MSG_SENDPAYLOAD		2
#define VMW_SIM_MSG_RECVSIZE		3
#define VMW_SIM_MSG_RECVPAYLOAD		4
#define VMW_SIM_MSG_RECVSTATUS		5
#define VMW_SIM_MSG_CLOSE		6

/* Section 2.4: status bits, in ecx[31:16] (LB) or ebx[31:16] (HB). */
#define VMW_SIM_ST_SUCCESS		0x0001
#define VMW_SIM_ST_DORECV		0x0002
#define VMW_SIM_ST_CLOSED		0x0004
#define VMW_SIM_ST_UNSENT		0x0008
#define VMW_SIM_ST_CPT			0x0010
#define VMW_SIM_ST_POWEROFF		0x0020
#define VMW_SIM_ST_TIMEOUT		0x0040
#define VMW_SIM_ST_HB			0x0080

/* Section 2.1: the OPEN argument: a protocol, with or without cookies. */
#define VMW_SIM_PROTO_RPCI		0x49435052U	/* "RPCI" */
#define VMW_SIM_PROTO_TCLO		0x4f4c4354U	/* "TCLO" */
#define VMW_SIM_FLAG_COOKIE		0x80000000U	/* GUESTMSG_FLAG_COOKIE */

/* Section 2.6: channels of the whole VM, newer hosts (older: 8). */
#define VMW_SIM_MAX_CHANNELS		128
/* Section 2.6: the largest guest-to-host message (GUESTMSG_MAX_IN_SIZE). */
#define VMW_SIM_MAX_IN			(64 * 1024)

#endif /* _VMW_RPC_SIM_PROTO_H */
