// SPDX-License-Identifier: GPL-2.0
#include "table.h"

#include <algorithm>

namespace rex::cli {

void Table::add_row(std::vector<std::string> cells)
{
	cells.resize(columns_.size());
	rows_.push_back(std::move(cells));
}

std::vector<std::size_t> Table::column_widths() const
{
	std::vector<std::size_t> widths;
	for (const Column &column : columns_)
		widths.push_back(column.title.size());
	for (const auto &row : rows_)
		for (std::size_t i = 0; i < row.size(); i++)
			widths[i] = std::max(widths[i], row[i].size());
	return widths;
}

void Table::render_row(std::string &out, const std::vector<std::string_view> &cells,
		       const std::vector<std::size_t> &widths) const
{
	std::string line;
	for (std::size_t i = 0; i < cells.size(); i++) {
		if (i > 0)
			line += "  ";
		std::size_t padding = widths[i] - cells[i].size();
		if (columns_[i].align == Align::right)
			line.append(padding, ' ');
		line += cells[i];
		if (columns_[i].align == Align::left)
			line.append(padding, ' ');
	}
	/* The last column is left-aligned padding or an empty cell: trim it. */
	line.erase(line.find_last_not_of(' ') + 1);
	out += line;
	out += '\n';
}

std::string Table::render() const
{
	std::vector<std::size_t> widths = column_widths();
	std::string out;

	std::vector<std::string_view> cells;
	for (const Column &column : columns_)
		cells.push_back(column.title);
	render_row(out, cells, widths);

	for (const auto &row : rows_) {
		cells.assign(row.begin(), row.end());
		render_row(out, cells, widths);
	}
	return out;
}

} // namespace rex::cli
