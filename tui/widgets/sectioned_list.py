"""An OptionList in sections: a disabled title row heads each section's rows."""

from textual.widgets import OptionList


class SectionedList(OptionList):
    """Moving onto a section's first row also brings its title into view; sections can be jumped between."""

    def scroll_to_highlight(self, top: bool = False) -> None:
        super().scroll_to_highlight(top)
        index = self.highlighted
        if index and self.options[index - 1].disabled and self.is_mounted:
            self._update_lines()
            line = self._index_to_line.get(index - 1)
            if line is not None and line < self.scroll_offset.y:
                self.scroll_to(y=line, animate=False, immediate=True)

    def section_starts(self) -> list[int]:
        """The index of each section's first row (the row after a title)."""
        count = self.option_count
        return [index + 1 for index in range(count - 1)
                if self.get_option_at_index(index).disabled and not self.get_option_at_index(index + 1).disabled]

    def jump_section(self, direction: int) -> None:
        """Highlight the first row of the next section (direction 1) or the previous one (-1)."""
        current = self.highlighted or 0
        later = [start for start in self.section_starts() if (start > current if direction > 0 else start < current)]
        if later:
            self.highlighted = later[0] if direction > 0 else later[-1]
            self.scroll_to_highlight(top=True)
