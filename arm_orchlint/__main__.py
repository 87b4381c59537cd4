from arm_orchlint.cli.entry import main

main()
