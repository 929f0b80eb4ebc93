# Type stubs of the extension (src/python/*.cpp), so that editors complete the API.
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union, overload

__version__: str

ParamValue = Union[bool, int, float, str]

class StorageError(RuntimeError): ...
class StudyFileError(ValueError): ...

class Measurement:
    name: str
    duration_s: float
    energy_j: Dict[str, float]
    net_energy_j: Dict[str, float]
    total_energy_j: float
    total_net_energy_j: float
    estimated: bool
    uncertainty_j: float
    meter: str
    scope: str
    samples: int
    attribution: Dict[str, str]
    notes: List[str]
    start_unix_s: float
    end_unix_s: float

class Window:
    name: str
    samples: int
    measurement: Optional[Measurement]
    def __enter__(self) -> Window: ...
    def __exit__(self, *exc: Any) -> bool: ...

class Monitor:
    def __init__(self, cpu_backend: str = "auto", gpus: bool = True, interval_s: float = 0.1,
                 scope: str = "system") -> None: ...
    def begin_window(self, name: str) -> None: ...
    def end_window(self, name: str, samples: int = 0) -> Measurement: ...
    def window(self, name: str, samples: int = 0) -> Window: ...
    open_windows: List[str]
    meter: str
    domains: List[Dict[str, Any]]
    backends: List[Dict[str, Any]]
    estimated: bool

class Trial:
    number: int
    id: int
    state: str
    params: Dict[str, ParamValue]
    values: List[float]
    metrics: Dict[str, float]
    metric_uncertainties: Dict[str, float]
    intermediate: Dict[int, Dict[str, float]]
    phases: List[Measurement]
    failure_kind: str
    error: str
    stderr_tail: str
    user_attrs: Dict[str, Any]
    enqueued: bool
    host: str
    created_unix_s: float
    started_unix_s: Optional[float]
    finished_unix_s: Optional[float]

class TellResult:
    recorded: bool
    why_not: str
    def __bool__(self) -> bool: ...

class ActiveTrial:
    number: int
    params: Dict[str, ParamValue]
    should_stop: bool
    def phase(self, name: str, samples: int = 0) -> Window: ...
    @overload
    def report(self, name: str, value: float) -> None: ...
    @overload
    def report(self, step: int, values: Mapping[str, float]) -> None: ...
    def report_step(self, step: int, values: Mapping[str, float]) -> None: ...
    def should_prune(self) -> bool: ...
    def set_user_attr(self, key: str, value: Any) -> None: ...

Returned = Union[None, float, Sequence[float], Mapping[str, float]]

class Study:
    name: str
    storage_url: str
    objectives: List[Tuple[str, str]]
    param_names: List[str]
    trials: List[Trial]
    best_trials: List[Trial]
    user_attrs: Dict[str, Any]
    def ask(self) -> Trial: ...
    def tell(self, trial: Union[Trial, int], values: Union[None, float, Sequence[float]] = None,
             state: str = "complete", reason: str = "",
             metrics: Mapping[str, float] = ...) -> TellResult: ...
    def enqueue(self, params: Mapping[str, ParamValue]) -> Trial: ...
    def trial(self, number: int) -> Trial: ...
    def set_user_attr(self, key: str, value: Any) -> None: ...
    def optimize(self, fn: Callable[[ActiveTrial], Returned], n_trials: Optional[int] = None,
                 jobs: int = 1, timeout: Optional[float] = None,
                 energy_budget_j: Optional[float] = None,
                 show_progress: bool = False) -> Dict[str, Any]: ...
    def trials_dataframe(self) -> Any: ...

def _create_study(text: str, source: str, storage: str, load_if_exists: bool) -> Study: ...
def load_study(name: str, storage: str = "") -> Study: ...
def report(study: Study, out_dir: str) -> List[str]: ...
