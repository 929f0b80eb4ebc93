# Type stubs of the package (src/python/ecopt/__init__.py and the extension it re-exports).
import os
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

from ._ecopt import (ActiveTrial as ActiveTrial, Measurement as Measurement, Monitor as Monitor,
                     StorageError as StorageError, Study as Study,
                     StudyFileError as StudyFileError, TellResult as TellResult, Trial as Trial,
                     Window as Window, __version__ as __version__, load_study as load_study,
                     report as report)

def create_study(study_file: Union[None, str, os.PathLike[str]] = None, *,
                 name: Optional[str] = None, space: Optional[Mapping[str, Any]] = None,
                 objectives: Union[None, Mapping[str, str], Sequence[Any]] = None,
                 constraints: Optional[Sequence[str]] = None,
                 sampler: Union[None, str, Mapping[str, Any]] = None,
                 budget: Optional[Mapping[str, Any]] = None,
                 pruner: Union[None, str, Mapping[str, Any]] = None,
                 run: Optional[Mapping[str, Any]] = None,
                 reference_point: Optional[Mapping[str, float]] = None,
                 description: Optional[str] = None, storage: Optional[str] = None,
                 load_if_exists: bool = False) -> Study: ...
def trials_dataframe(study: Study) -> Any: ...
