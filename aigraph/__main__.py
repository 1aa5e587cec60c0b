from aigraph.cli import main

main()
