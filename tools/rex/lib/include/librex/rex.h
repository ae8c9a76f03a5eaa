/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LIBREX_REX_H
#define LIBREX_REX_H

/*
 * The C API of librex: a thin layer over the C++ Object (object.h) for
 * callers in C.  Functions returning int return 0 (or an fd) on success and
 * a negative errno on failure; rex_image_error() then says what failed,
 * with the kernel's log for a rejected program.
 */

#ifdef __cplusplus
extern "C" {
#endif

struct rex_image;

/* Reads and parses the image at path; *image is set only on success. */
int rex_image_open(const char *path, struct rex_image **image);
/* Closes every fd: programs that are neither pinned nor attached unload. */
void rex_image_close(struct rex_image *image);

/*
 * After a panic, keep the programs loaded from now on running (non-zero)
 * instead of disabling them (0, the default): REX_LOAD_F_KEEP_RUNNING.
 */
int rex_image_set_keep_running(struct rex_image *image, int keep_running);

/* Creates the maps and loads every program. */
int rex_image_load(struct rex_image *image);
/* Creates the maps and loads the program called name only. */
int rex_image_load_prog(struct rex_image *image, const char *name);
/* Pins the loaded programs and all maps as dir/<name>, making dir if needed. */
int rex_image_pin(struct rex_image *image, const char *dir);

/* The message of the last failure on this image; "" if none. */
const char *rex_image_error(const struct rex_image *image);

/* Number of programs in the image, and the name of program i (or NULL). */
unsigned int rex_image_prog_count(const struct rex_image *image);
const char *rex_image_prog_name(const struct rex_image *image, unsigned int i);

/* The fd of a loaded program / created map; -ENOENT if unknown, -EBADF if not loaded. */
int rex_prog_fd(const struct rex_image *image, const char *name);
int rex_map_fd(const struct rex_image *image, const char *name);

#ifdef __cplusplus
}
#endif

#endif /* LIBREX_REX_H */
