import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A child process started with `posix_spawn`, its standard input and error on pipes, standard output on
/// /dev/null.
///
/// Not Foundation's `Process`: on Linux it learns of an exit through a socket the child's own children inherit,
/// so a sendmail that forks to deliver in the background would seem to run until delivery ends. Here the child
/// also starts with no signal blocked and every signal at its default, whatever the spawning thread had (a thread
/// made from the cooperative pool blocks nearly all of them).
struct SendmailChild {
    let pid: pid_t
    /// The write end of the child's standard input; the caller closes it.
    let standardInput: Int32
    /// The read end of the child's standard error; the caller closes it.
    let standardError: Int32

    /// Why the child could not be started: an errno text such as "No such file or directory".
    struct SpawnFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts `executable` with `arguments` and this process's environment.
    static func spawn(executable: String, arguments: [String]) throws -> SendmailChild {
        let input = try makePipe()
        let error: (read: Int32, write: Int32)
        do { error = try makePipe() } catch {
            close(input.read)
            close(input.write)
            throw error
        }
        // The child's ends are dup2'ed to 0 and 2; the originals close on exec, the parent closes its copies.
        defer {
            close(input.read)
            close(error.write)
        }

        #if canImport(Darwin)
            var actions: posix_spawn_file_actions_t? = nil
            var attributes: posix_spawnattr_t? = nil
        #else
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input.read, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, error.write, 2)
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            environment.forEach { free($0) }
        }
        var pid = pid_t()
        var status = posix_spawn(&pid, executable, &actions, &attributes, argv, environment)
        // ETXTBSY: the program is being written (an upgrade replacing it, or a file another process still holds
        // open for writing); it passes in moments.
        for _ in 0..<5 where status == ETXTBSY {
            usleep(50_000)
            status = posix_spawn(&pid, executable, &actions, &attributes, argv, environment)
        }
        guard status == 0 else {
            close(input.write)
            close(error.read)
            throw SpawnFailure(description: String(cString: strerror(status)))
        }
        return SendmailChild(pid: pid, standardInput: input.write, standardError: error.read)
    }

    /// A pipe whose two ends close on exec. (Glibc's module does not export pipe2, so a process forked by another
    /// thread in the instant between pipe and fcntl could inherit the ends; it would only delay an EOF.)
    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw SpawnFailure(description: String(cString: strerror(errno))) }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return (fds[0], fds[1])
    }

    /// Blocks until the child has exited, without reaping it (so its pid cannot be reused meanwhile).
    func waitForExit() {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
    }

    /// Reaps the exited child: its exit status, or the signal that ended it.
    func reap() -> (status: Int32, signalled: Bool) {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7F
        return signal == 0 ? ((status >> 8) & 0xFF, false) : (signal, true)
    }
}
