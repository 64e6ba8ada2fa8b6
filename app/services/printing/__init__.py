"""PDF output with ReportLab: shared fonts, styles and document template."""
