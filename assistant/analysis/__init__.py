"""The Secretariat's analysis of a reporting cycle, without any user interface.

dataset   loads one cycle's answers, statuses, regions and good practices for a reviewer or administrator
findings  pure computations over those frames: response rate, completion, per-provision results, technical
          assistance needs, challenges
charts    altair charts of the findings (and SVG rendering, offline)
report    the analytical report in English or French, written as self-contained HTML and as Markdown
"""
