# Thin aliases for tasks.py (which needs only Python 3.11 and pip).
.PHONY: seeds test bench ner
seeds:
	python3 tasks.py seeds
test:
	python3 tasks.py test
bench:
	python3 tasks.py bench
ner:
	python3 tasks.py ner
