from scanner.cli import entry

if __name__ == "__main__":  # a worker started by spawn imports this file: it must not start the command again
    entry()
