from cloudempiere_docs.cli import main

if __name__ == "__main__":  # worker processes may import the main module (multiprocessing)
    raise SystemExit(main())
