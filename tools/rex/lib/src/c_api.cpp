// SPDX-License-Identifier: GPL-2.0
/* The C API (rex.h) over rex::Object. */
#include <librex/rex.h>

#include <librex/object.h>

#include <cerrno>

struct rex_image {
	rex::Object object;
	std::string error;
};

namespace {

int fail(rex_image *image, const rex::Error &error)
{
	image->error = error.message();
	if (!image->object.load_log().empty())
		image->error += "\n" + image->object.load_log();
	return -error.code();
}

int done(rex_image *image, const rex::Result<void> &result)
{
	if (!result)
		return fail(image, result.error());
	image->error.clear();
	return 0;
}

} // namespace

extern "C" {

int rex_image_open(const char *path, struct rex_image **image)
{
	if (!path || !image)
		return -EINVAL;
	rex::Result<rex::Object> object = rex::Object::open(path);
	if (!object)
		return -object.error().code();
	*image = new rex_image{object.release_value(), {}};
	return 0;
}

void rex_image_close(struct rex_image *image)
{
	delete image;
}

int rex_image_set_keep_running(struct rex_image *image, int keep_running)
{
	if (!image)
		return -EINVAL;
	image->object.set_panic_policy(keep_running ? rex::PanicPolicy::keep_running : rex::PanicPolicy::crash_stop);
	return 0;
}

int rex_image_load(struct rex_image *image)
{
	return done(image, image->object.load());
}

int rex_image_load_prog(struct rex_image *image, const char *name)
{
	if (!name)
		return -EINVAL;
	return done(image, image->object.load(std::string_view(name)));
}

int rex_image_pin(struct rex_image *image, const char *dir)
{
	if (!dir)
		return -EINVAL;
	return done(image, image->object.pin(dir));
}

const char *rex_image_error(const struct rex_image *image)
{
	return image->error.c_str();
}

unsigned int rex_image_prog_count(const struct rex_image *image)
{
	return static_cast<unsigned int>(image->object.programs().size());
}

const char *rex_image_prog_name(const struct rex_image *image, unsigned int i)
{
	auto programs = image->object.programs();
	return i < programs.size() ? programs[i].name().c_str() : nullptr;
}

int rex_prog_fd(const struct rex_image *image, const char *name)
{
	if (!name)
		return -EINVAL;
	for (const rex::Program &prog : image->object.programs())
		if (prog.name() == name)
			return prog.loaded() ? prog.fd() : -EBADF;
	return -ENOENT;
}

int rex_map_fd(const struct rex_image *image, const char *name)
{
	if (!name)
		return -EINVAL;
	for (const rex::Map &map : image->object.maps())
		if (map.name() == name)
			return map.fd() >= 0 ? map.fd() : -EBADF;
	return -ENOENT;
}

} // extern "C"
