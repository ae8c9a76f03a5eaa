// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loading Rex programs: bpf(BPF_PROG_LOAD) with BPF_F_REX.
 *
 * rex_prog_load() takes the place of bpf_check(): it checks the signature,
 * maps the image (or shares an identical one already mapped), binds the
 * maps and points prog->bpf_func at the dispatcher. Errors are reported in
 * the caller's log_buf, as the verifier's are, with distinct errnos:
 *
 *   EPERM    no CAP_SYS_ADMIN          ENODATA  unsigned image
 *   EBADMSG  malformed signature       EKEYREJECTED  signature mismatch
 *   ENOKEY   unknown signing key       ENOEXEC  malformed image
 *   EACCES   import not allowed        EBADF    missing or bad map fd
 *   EBADFD   map spec mismatch         E2BIG    stack bound over budget
 *   EFBIG    image too large           EINVAL   attributes disagree with the image
 */

#define pr_fmt(fmt) "rex: " fmt

#include <crypto/sha2.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <uapi/linux/pkt_cls.h>

#include "internal.h"

/* Live images, so that programs loaded from the same image share it. */
static LIST_HEAD(rex_images);
static DEFINE_MUTEX(rex_images_lock);

struct bpf_map *rex_map_from_fd(struct rex_load_ctx *lctx, u32 i)
{
	struct bpf_map *map;
	int fd;

	if (bpfptr_is_null(lctx->fd_array)) {
		rex_log(lctx, "map %u: no fd_array was given", i);
		return ERR_PTR(-EBADF);
	}
	if (copy_from_bpfptr_offset(&fd, lctx->fd_array, i * sizeof(fd), sizeof(fd)))
		return ERR_PTR(-EFAULT);
	map = bpf_map_get(fd);
	if (IS_ERR(map))
		rex_log(lctx, "map %u: fd %d is not a BPF map", i, fd);
	return map;
}

/* Can @img serve this program: same maps, imports resolving the same way? */
static int rex_image_compatible(struct rex_load_ctx *lctx, struct rex_image *img)
{
	unsigned long addr;
	unsigned int i;
	int err;

	for (i = 0; i < img->nr_maps; i++) {
		struct bpf_map *m = rex_map_from_fd(lctx, i);

		if (IS_ERR(m))
			return PTR_ERR(m);
		bpf_map_put(m);
		if (m != img->bound[i])
			return 0;
	}
	for (i = 0; i < img->nr_imports; i++) {
		bool reached = lctx->index >= img->nr_progs ||
			       img->imports[i].reached_by & BIT_ULL(lctx->index);

		err = rex_import_resolve(lctx, img->imports[i].name, &addr, reached);
		if (err)
			return err;
		if (addr != img->imports[i].addr)
			return 0;
	}
	return 1;
}

static struct rex_image *rex_image_get(struct rex_load_ctx *lctx, const void *buf,
				       size_t size, size_t elf_len)
{
	struct rex_image *img;
	u8 digest[SHA256_DIGEST_SIZE];
	int ok;

	sha256(buf, size, digest);
	mutex_lock(&rex_images_lock);
	list_for_each_entry(img, &rex_images, node) {
		if (memcmp(img->digest, digest, sizeof(digest)))
			continue;
		ok = rex_image_compatible(lctx, img);
		if (ok < 0) {
			img = ERR_PTR(ok);
			goto out;
		}
		if (ok) {
			kref_get(&img->ref);
			goto out;
		}
	}
	img = rex_image_create(lctx, buf, elf_len);
	if (!IS_ERR(img)) {
		memcpy(img->digest, digest, sizeof(digest));
		list_add(&img->node, &rex_images);
	}
out:
	mutex_unlock(&rex_images_lock);
	return img;
}

static void rex_image_unlist(struct kref *ref)
{
	struct rex_image *img = container_of(ref, struct rex_image, ref);

	list_del(&img->node);
	mutex_unlock(&rex_images_lock);
	rex_image_free(img);	/* outside the list lock: it may sleep */
}

static void rex_image_release_shared(struct rex_image *img)
{
	kref_put_mutex(&img->ref, rex_image_unlist, &rex_images_lock);
}

/* What a program returns when it cannot run, unless its image says. */
static u32 rex_type_default_ret(enum bpf_prog_type type)
{
	switch (type) {
	case BPF_PROG_TYPE_XDP:
		return XDP_PASS;
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
		return TC_ACT_OK;
	default:
		return 0;
	}
}

static int rex_bind_prog(struct rex_load_ctx *lctx, struct rex_image *img, u32 index)
{
	struct bpf_prog *prog = lctx->prog;
	const struct rex_prog_desc *d;
	struct rex_prog *rp;
	unsigned int i;

	if (index >= img->nr_progs) {
		rex_log(lctx, "rex_prog_index %u: the image has %u programs", index, img->nr_progs);
		return -EINVAL;
	}
	d = &img->progs[index];
	if (d->prog_type != prog->type || d->expected_attach_type != prog->expected_attach_type) {
		rex_log(lctx, "program %s is of type %u attach type %u in the image, but was loaded as %u/%u",
			d->name, d->prog_type, d->expected_attach_type, prog->type,
			prog->expected_attach_type);
		return -EINVAL;
	}

	rp = kzalloc(sizeof(*rp), GFP_KERNEL);
	if (!rp)
		return -ENOMEM;
	if (img->nr_maps) {
		prog->aux->used_maps = kcalloc(img->nr_maps, sizeof(struct bpf_map *), GFP_KERNEL);
		if (!prog->aux->used_maps) {
			kfree(rp);
			return -ENOMEM;
		}
		for (i = 0; i < img->nr_maps; i++) {
			bpf_map_inc(img->bound[i]);
			prog->aux->used_maps[i] = img->bound[i];
		}
		prog->aux->used_map_cnt = img->nr_maps;
	}
	rp->image = img;
	rp->index = index;
	rp->entry = (u64 (*)(void *))img->entries[index];
	rp->default_ret = d->flags & REX_PROG_F_DEFAULT_RET ? (u32)d->default_ret :
			  rex_type_default_ret(prog->type);
	rp->keep_running = (d->flags & REX_PROG_F_KEEP_RUNNING) ||
			   (lctx->flags & REX_LOAD_F_KEEP_RUNNING);
	rp->prog = prog;
	prog->aux->rex = rp;
	/* The tag names the image: the first bytes of its SHA-256. */
	memcpy(prog->tag, img->digest, sizeof(prog->tag));
	prog->bpf_func = rex_run;
	rex_prog_register(rp);
	rex_watchdog_get();
	return 0;
}

static int rex_do_load(struct rex_load_ctx *lctx, union bpf_attr *attr, bpfptr_t uattr)
{
	size_t size = attr->rex_image_size, elf_len;
	struct rex_image *img;
	void *buf;
	int err;

	if (!capable(CAP_SYS_ADMIN)) {
		rex_log(lctx, "loading native code needs CAP_SYS_ADMIN");
		return -EPERM;
	}
	if (lctx->prog->sleepable) {
		rex_log(lctx, "Rex programs cannot be sleepable (BPF_F_SLEEPABLE): they run on a per-CPU stack");
		return -EINVAL;
	}
	if (attr->rex_flags & ~REX_LOAD_F_ALL) {
		rex_log(lctx, "unknown rex_flags 0x%x", attr->rex_flags & ~REX_LOAD_F_ALL);
		return -EINVAL;
	}
	if (!attr->rex_image || !size) {
		rex_log(lctx, "BPF_F_REX needs rex_image and rex_image_size");
		return -EINVAL;
	}
	if (size > REX_IMAGE_MAX_SIZE) {
		rex_log(lctx, "image of %zu bytes exceeds the limit of %u bytes", size,
			REX_IMAGE_MAX_SIZE);
		return -EFBIG;
	}
	buf = kvmalloc(size, GFP_KERNEL | __GFP_NOWARN);
	if (!buf)
		return -ENOMEM;
	err = -EFAULT;
	if (copy_from_bpfptr(buf, make_bpfptr(attr->rex_image, bpfptr_is_kernel(uattr)), size))
		goto out;

	elf_len = size;
	err = rex_sig_check(lctx, buf, &elf_len);
	if (err)
		goto out;

	img = rex_image_get(lctx, buf, size, elf_len);
	if (IS_ERR(img)) {
		err = PTR_ERR(img);
		goto out;
	}
	err = rex_bind_prog(lctx, img, attr->rex_prog_index);
	if (err)
		rex_image_release_shared(img);
out:
	kvfree(buf);
	return err;
}

int rex_prog_load(struct bpf_prog *prog, union bpf_attr *attr, bpfptr_t uattr)
{
	struct rex_load_ctx lctx = {
		.prog = prog,
		.fd_array = make_bpfptr(attr->fd_array, bpfptr_is_kernel(uattr)),
		.flags = attr->rex_flags,
		.index = attr->rex_prog_index,
	};
	u32 log_true_size;
	int err, ret;

	lctx.log = kzalloc(sizeof(*lctx.log), GFP_KERNEL);
	if (!lctx.log)
		return -ENOMEM;
	err = bpf_vlog_init(lctx.log, attr->log_level,
			    (char __user *)(unsigned long)attr->log_buf, attr->log_size);
	if (err)
		goto out;

	err = rex_do_load(&lctx, attr, uattr);

	ret = bpf_vlog_finalize(lctx.log, &log_true_size);
	if (ret && !err)
		err = ret;
	if (copy_to_bpfptr_offset(uattr, offsetof(union bpf_attr, log_true_size),
				  &log_true_size, sizeof(log_true_size)) && !err)
		err = -EFAULT;
out:
	kfree(lctx.log);
	return err;
}

void rex_prog_free(struct bpf_prog_aux *aux)
{
	struct rex_prog *rp = aux->rex;

	if (!rp)
		return;
	aux->rex = NULL;
	rex_watchdog_put();
	rex_prog_unregister(rp);
	rex_image_release_shared(rp->image);
	kfree(rp);
}
