"""The rules of Truce: pure Python and numpy, no I/O, no shells."""
