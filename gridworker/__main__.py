from gridworker.cli import main

raise SystemExit(main())
