// SPDX-License-Identifier: GPL-2.0
#include "inspect_command.h"

#include "error_report.h"
#include "exit_code.h"
#include "table.h"

#include <librex/attach_type.h>
#include <librex/hex.h>
#include <librex/json_writer.h>
#include <librex/map_type.h>
#include <librex/prog_type.h>
#include <librex/signing.h>

namespace rex::cli {

namespace {

std::string or_dash(const std::string &text)
{
	return text.empty() ? "-" : text;
}

std::string flags_hex(std::uint32_t flags)
{
	char text[16];
	std::snprintf(text, sizeof(text), "0x%x", flags);
	return text;
}

std::string programs_table(const Image &image)
{
	Table table({
		{"NAME", Align::left},
		{"TYPE", Align::left},
		{"ATTACH_TYPE", Align::left},
		{"TARGET", Align::left},
		{"ENTRY", Align::left},
		{"DEFAULT_RET", Align::right},
	});
	for (const ProgramDesc &prog : image.programs()) {
		table.add_row({
			prog.name,
			prog_type_name(prog.prog_type),
			expected_attach_type_name(prog.prog_type, prog.expected_attach_type).value_or("-"),
			or_dash(prog.attach_target),
			prog.entry,
			prog.default_ret ? std::to_string(*prog.default_ret) : "per type",
		});
	}
	return table.render();
}

std::string maps_table(const Image &image)
{
	Table table({
		{"NAME", Align::left},
		{"TYPE", Align::left},
		{"KEY", Align::right},
		{"VALUE", Align::right},
		{"MAX_ENTRIES", Align::right},
		{"FLAGS", Align::right},
		{"SPIN_LOCK", Align::left},
	});
	for (const MapDesc &map : image.maps()) {
		table.add_row({
			map.name,
			map_type_name(map.map_type),
			std::to_string(map.key_size),
			std::to_string(map.value_size),
			std::to_string(map.max_entries),
			flags_hex(map.map_flags),
			map.spin_lock ? "yes" : "no",
		});
	}
	return table.render();
}

std::string signer_text(const Image &image)
{
	if (!image.is_signed())
		return "unsigned";
	Result<SignerId> signer = describe_signer(image.signature());
	if (!signer)
		return "unreadable signature (" + signer.error().message() + ")";
	return signer.value().describe() + " (" + signer.value().digest + ", not verified)";
}

void signer_json(JsonWriter &json, const Image &image)
{
	json.key("signer");
	if (!image.is_signed()) {
		json.null_value();
		return;
	}
	Result<SignerId> signer = describe_signer(image.signature());
	json.begin_object();
	if (!signer) {
		json.member("error", signer.error().message());
	} else {
		json.member("issuer", signer.value().issuer)
			.member("serial", signer.value().serial)
			.member("key_id", signer.value().key_id)
			.member("digest", signer.value().digest);
	}
	json.end_object();
}

} // namespace

std::string format_inspect_text(const std::string &path, const Image &image)
{
	std::string text = path + ": " + std::to_string(image.file().size()) + " bytes, " +
			   (image.is_signed() ? "signed" : "unsigned") + "\n";

	text += "\nPrograms:\n" + programs_table(image);
	if (!image.maps().empty())
		text += "\nMaps:\n" + maps_table(image);
	else
		text += "\nMaps: none\n";

	text += "\nImports:";
	if (image.imports().empty())
		text += " none";
	for (const std::string &name : image.imports())
		text += "\n  " + name;
	text += "\n";

	const ImageMeta &meta = image.meta();
	text += "\nStack:         ";
	text += meta.stack_bound ? std::to_string(*meta.stack_bound) + " bytes" : "dynamic checks";
	text += "\nToolchain:     " + or_dash(meta.toolchain);
	text += "\nSource digest: " + to_hex(meta.source_digest);
	text += "\nSigner:        " + signer_text(image) + "\n";
	return text;
}

std::string format_inspect_json(const std::string &path, const Image &image)
{
	JsonWriter json;
	json.begin_object()
		.member("file", path)
		.member("size", image.file().size())
		.member("signed", image.is_signed());

	json.key("programs").begin_array();
	for (const ProgramDesc &prog : image.programs()) {
		json.begin_object()
			.member("name", prog.name)
			.member("type", prog_type_name(prog.prog_type));
		json.key("expected_attach_type");
		if (auto attach = expected_attach_type_name(prog.prog_type, prog.expected_attach_type))
			json.value(*attach);
		else
			json.null_value();
		json.key("attach_target");
		if (prog.attach_target.empty())
			json.null_value();
		else
			json.value(prog.attach_target);
		json.member("entry", prog.entry);
		json.key("default_ret");
		if (prog.default_ret)
			json.value(*prog.default_ret);
		else
			json.null_value();
		json.member("keep_running", prog.keep_running).end_object();
	}
	json.end_array();

	json.key("maps").begin_array();
	for (const MapDesc &map : image.maps()) {
		json.begin_object()
			.member("name", map.name)
			.member("type", map_type_name(map.map_type))
			.member("key_size", map.key_size)
			.member("value_size", map.value_size)
			.member("max_entries", map.max_entries)
			.member("flags", map.map_flags)
			.member("spin_lock", map.spin_lock)
			.end_object();
	}
	json.end_array();

	json.key("imports").begin_array();
	for (const std::string &name : image.imports())
		json.value(name);
	json.end_array();

	const ImageMeta &meta = image.meta();
	json.key("meta").begin_object().member("version", meta.version);
	json.key("stack_bound");
	if (meta.stack_bound)
		json.value(*meta.stack_bound);
	else
		json.null_value();
	json.member("dynamic_stack_checks", !meta.stack_bound.has_value())
		.member("toolchain", meta.toolchain)
		.member("source_digest", to_hex(meta.source_digest))
		.end_object();

	signer_json(json, image);
	json.end_object();
	return json.str() + "\n";
}

int run_inspect(const InspectOptions &options, std::FILE *out, std::FILE *err)
{
	Result<Image> image = Image::open(options.image);
	if (!image) {
		std::fprintf(err, "%s\n", format_error("inspect", image.error(), image_error_hint(image.error().code())).c_str());
		return exit_failure;
	}
	std::string text = options.json ? format_inspect_json(options.image, image.value())
					: format_inspect_text(options.image, image.value());
	std::fputs(text.c_str(), out);
	return exit_success;
}

} // namespace rex::cli
