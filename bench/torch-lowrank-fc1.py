#!/usr/bin/env python3
"""PyTorch yardstick for the paper setting at fc1: low_rank k = 1 of fc1's 3 pre-ReLU outputs, torch's own orthogonal
parametrisation (what pyvene's LowRankRotatedSpaceIntervention uses), Adam 5e-4, batch 512, 3 epochs, 10,000 training
and 1,000 evaluation pairs, on the paper's network ../shared/models/cnn_model_1.pth (fc1 reads conv3 channels-last),
objective Equal. Data from ../shared/reference/das_reference.py (the spec's generator and pair rule).

    /usr/bin/python3 bench/torch-lowrank-fc1.py 1,2 0 9     # variables (0 circularity, 1 color, 2 area), seeds 0..9

Prints one line per seed: variables, seed, IIA. dasweep's side: `sweeps` with the imported network (README, "fc1").
"""
import os, sys, numpy as np, torch, torch.nn as nn, torch.nn.functional as F
here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, '..', '..', 'shared', 'reference'))
import das_reference as R
from torch.nn.utils import parametrizations

torch.set_num_threads(1)
variables = [int(v) for v in sys.argv[1].split(',')]
first, last = int(sys.argv[2]), int(sys.argv[3])
coefs = np.array([0.4, 0.4, 0.4])
state = torch.load(os.path.join(here, '..', '..', 'shared', 'models', 'cnn_model_1.pth'), map_location='cpu')
net = R.CNN(); net.load_state_dict(state); net.eval().requires_grad_(False)


def fc1_pre(x):                                   # fc1's pre-ReLU output; conv3 flattened channels-last (h, w, c)
    with torch.no_grad():
        h = F.max_pool2d(F.relu(net.conv1(x)), 2)
        h = F.max_pool2d(F.relu(net.conv2(h)), 2)
        h = F.relu(net.conv3(h)).permute(0, 2, 3, 1).flatten(1)
        return net.fc1(h)


def head(h):                                      # everything above the site
    return torch.sigmoid(net.fc2(F.relu(h)))


def pairs(rs, labels, size):                      # the reference's single-source rule, as indices
    n = len(labels)
    base = rs.choice(n, size)
    source = rs.choice(n, size)
    c_base = coefs.copy(); c_base[variables] = 0
    c_src = np.zeros_like(coefs); c_src[variables] = coefs[variables]
    y = (labels[base] @ c_base + labels[source] @ c_src) > 0.6
    return base, source, torch.tensor(y, dtype=torch.float32)


class Rot(nn.Module):
    def __init__(self):
        super().__init__(); self.weight = nn.Parameter(torch.empty(3, 1)); nn.init.orthogonal_(self.weight)


def intervene(rot, hb, hs):
    W = rot.weight
    return hb + ((hs - hb) @ W) @ W.t()


for seed in range(first, last + 1):
    rs = np.random.RandomState(seed); torch.manual_seed(seed)
    imgs, labs = R.create_dataset(rs, 10000)
    feats = fc1_pre(torch.tensor(imgs, dtype=torch.float32).view(-1, 1, 28, 28))
    b, s, y = pairs(rs, labs, 10000)
    rot = parametrizations.orthogonal(Rot())
    opt = torch.optim.Adam(rot.parameters(), lr=5e-4)
    for epoch in range(3):
        for i in range(0, 10000, 512):
            out = head(intervene(rot, feats[b[i:i + 512]], feats[s[i:i + 512]]))
            loss = F.binary_cross_entropy(out, y[i:i + 512].view(-1, 1))
            opt.zero_grad(); loss.backward(); opt.step()
    eimgs, elabs = R.create_dataset(rs, 1000)
    efeats = fc1_pre(torch.tensor(eimgs, dtype=torch.float32).view(-1, 1, 28, 28))
    eb, es, ey = pairs(rs, elabs, 1000)
    with torch.no_grad():
        p = head(intervene(rot, efeats[eb], efeats[es])).view(-1).round()
    print('+'.join(['circularity', 'color', 'area'][v] for v in variables), seed,
          'iia %.4f' % (p == ey).float().mean().item(), flush=True)
