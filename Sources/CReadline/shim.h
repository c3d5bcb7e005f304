// GNU readline for Swift. stdio.h first: older readline headers use FILE without including it.
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
