// SPDX-License-Identifier: GPL-2.0
/* <librex/rex.h> is for C callers: it must compile as C. */
#include <librex/rex.h>

#include <stddef.h>

/* Called from c_api_test.cpp, so the C compiler sees real uses. */
int rex_c_api_prog_count(const char *path);

int rex_c_api_prog_count(const char *path)
{
	struct rex_image *image = NULL;
	int err = rex_image_open(path, &image);

	if (err)
		return err;
	err = rex_image_set_keep_running(image, 1);
	if (!err)
		err = (int)rex_image_prog_count(image);
	rex_image_close(image);
	return err;
}
