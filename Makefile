.PHONY: run test bench
run:  ## install and open the dashboard on the bundled sample data
	bash scripts/run-dashboard.sh
test: ## install everything the tests need and run them
	bash scripts/test.sh
bench: ## performance benchmarks (see README)
	.venv/bin/python benchmarks/run_all.py
