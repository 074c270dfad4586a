"""Writing outputs safely: a failed or interrupted build never leaves a truncated file behind.

Every output goes through a temporary file in its folder, renamed over the old one when
complete. The temporary file's name carries the writing process's id, so a later build can
tell the leftovers of a killed build from the files a running build is still writing.
"""

from __future__ import annotations

import errno
import os
import re
import time
from pathlib import Path
from tempfile import mkstemp

from reportkit.errors import OutputError

# `.<output name>.<random>.<pid>.tmp`; earlier versions wrote `.<output name>.<random>.tmp`.
_TEMPORARY = re.compile(r"\.(?P<output>.+?)\.[a-z0-9_]{8}(?:\.(?P<pid>\d+))?\.tmp")
# A leftover without a process id is removed only once no running build can still own it.
_UNOWNED_GRACE_SECONDS = 3600


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, then rename it.

    Raise OutputError, naming the file and what to do, when the folder cannot take it.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = mkstemp(
            prefix=f".{path.name}.", suffix=f".{os.getpid()}.tmp", dir=path.parent
        )
    except OSError as error:
        raise OutputError(f"cannot write {path}: {describe_os_error(error)}") from error
    try:
        os.fchmod(handle, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are for sharing
        with os.fdopen(handle, "wb") as file:
            _write_and_sync(file, data)
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(f"cannot write {path}: {describe_os_error(error)}") from error
        raise


def _write_and_sync(file, data: bytes) -> None:
    file.write(data)
    file.flush()
    os.fsync(file.fileno())


def prepare_output_folder(folder: Path) -> None:
    """Create `folder` if needed and check that files can be created in it, before any work."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder} is a file, not a folder: choose another --out")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, probe = mkstemp(
            prefix=".reportkit-probe.", suffix=f".{os.getpid()}.tmp", dir=folder
        )
    except OSError as error:
        raise OutputError(f"cannot write in {folder}: {describe_os_error(error)}") from error
    os.close(handle)
    os.unlink(probe)


def describe_os_error(error: OSError) -> str:
    """Return what went wrong and what to do about it, in a few words."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full (or your quota is used up); free some space and build again"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied; make the folder writable or choose another --out"
    if error.errno in (errno.ENOTDIR, errno.EEXIST):
        return "a file stands where a folder should be; choose another --out"
    return error.strerror or str(error)


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete the temporary files killed builds left in `folder`; return what was deleted.

    A file whose writer is still running is kept (another build may be writing it now).
    """
    removed: list[Path] = []
    try:
        candidates = list(Path(folder).iterdir())
    except OSError:
        return removed
    for path in candidates:
        match = _TEMPORARY.fullmatch(path.name)
        if match and _is_abandoned(path, match["pid"]):
            try:
                path.unlink()
                removed.append(path)
            except OSError:
                pass  # gone already, or not ours to remove: the next build tries again
    return removed


def _is_abandoned(path: Path, pid: str | None) -> bool:
    if pid is None:
        try:
            return time.time() - path.stat().st_mtime > _UNOWNED_GRACE_SECONDS
        except OSError:
            return False
    return not _is_running(int(pid))


def _is_running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
