"""Reports: the figures managers read, and their output as tables, spreadsheets and PDFs."""
