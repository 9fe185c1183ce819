from cloudempiere_docs.cli import main

raise SystemExit(main())
