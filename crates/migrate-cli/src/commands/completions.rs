//! `migrate completions <SHELL>`: the shell completion script (clap_complete), on stdout.

use clap_complete::Shell;

/// Arguments of `migrate completions`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  migrate completions bash > ~/.local/share/bash-completion/completions/migrate\n  migrate completions zsh > ~/.zfunc/_migrate\n  migrate completions fish > ~/.config/fish/completions/migrate.fish\n  migrate completions powershell >> $PROFILE"
)]
pub struct Args {
    /// The shell to write the script for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Writes the completion script of `command` (the whole `migrate` command line) for `args.shell`.
pub fn run(args: &Args, command: &mut clap::Command) {
    let name = command.get_name().to_owned();
    clap_complete::generate(args.shell, command, name, &mut std::io::stdout());
}
