"""Board papers in Word (.docx) and self-contained HTML, with charts.

`document` is the model: a Paper is a cover and a list of blocks, all plain text. The
renderers (`docx`, `html`, `pdf`) and `charts` turn one Paper into bytes or text; each
imports its heavy library (python-docx, matplotlib, docxtpl) inside the functions that need
it, so importing this package costs nothing.
"""
