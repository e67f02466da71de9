package io.dioscope.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dioscope completion bash}: the shell completion script picocli generates from the commands. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {
            "Print the bash completion script for dioscope's commands, options and their values.",
            "Install: dioscope completion bash > ~/.local/share/bash-completion/completions/dioscope "
                    + "(bash-completion loads it), or source that file from ~/.bashrc or ~/.zshrc."
        })
final class CompletionCommand implements Callable<Integer> {
    enum Shell {
        BASH;

        @Override
        public String toString() {
            return "bash";
        }
    }

    @Parameters(paramLabel = "SHELL", description = "The shell: ${COMPLETION-CANDIDATES}.")
    Shell shell;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CommandLine root = spec.commandLine().getParent();
        out.print(AutoComplete.bash(root.getCommandName(), root));
        StdoutWriter.check(out);
        return ExitCode.OK;
    }
}
