#!/usr/bin/env python3
"""PyTorch yardstick for the paper setting: {color}, flat view, low_rank k = 4 with torch's own orthogonal
parametrisation (what pyvene's LowRankRotatedSpaceIntervention uses), batch 512, lr 5e-4, 3 epochs, on the
notebook's network, using ../shared/reference/das_reference.py for data and the CNN.

    /usr/bin/python3 bench/torch-lowrank-flat.py conv3 1      # layer, data seed

Measured on the 2-core machine (2026-11-27): conv3 IIA 0.886 (seed 1), 0.876 (seed 2); dasweep gives 0.882 on the
same network and setting (`./dasweep trial --weights ../shared/models/amir_cnn_model.pth --variables color
--layer conv3 --view flat --intervention low_rank --k 4 --batch 512`).
"""
import sys, json, numpy as np, torch, torch.nn as nn, torch.nn.functional as F, time
import os; here = os.path.dirname(os.path.abspath(__file__)); sys.path.insert(0, os.path.join(here, '..', '..', 'shared', 'reference')); import das_reference as R
from torch.nn.utils import parametrizations
torch.set_num_threads(2)
layer = sys.argv[1]; seed = int(sys.argv[2])
coefs = np.array([0.4, 0.4, 0.4])
state = torch.load(os.path.join(here, '..', '..', 'shared', 'models', 'amir_cnn_model.pth'), map_location='cpu')
m = R.CNN(); m.load_state_dict(state); m.eval().requires_grad_(False)
def upto(x):
    h = m.conv1(x)
    if layer == 'conv1': return h
    h = m.conv2(F.max_pool2d(F.relu(h), 2))
    if layer == 'conv2': return h
    return m.conv3(F.max_pool2d(F.relu(h), 2))
def rest(h):
    if layer == 'conv1': h = m.conv2(F.max_pool2d(F.relu(h), 2))
    if layer in ('conv1', 'conv2'): h = m.conv3(F.max_pool2d(F.relu(h), 2))
    h = F.relu(h).flatten(1)
    return torch.sigmoid(m.fc2(F.relu(m.fc1(h))))
n = {'conv1': 12544, 'conv2': 6272, 'conv3': 3136}[layer]
class Rot(nn.Module):
    def __init__(s):
        super().__init__(); s.weight = nn.Parameter(torch.empty(n, 4)); nn.init.orthogonal_(s.weight)
rs = np.random.RandomState(seed); torch.manual_seed(seed)
imgs, labs = R.create_dataset(rs, 10000)
xb, xs, _, y = R.counterfactual_pairs(rs, imgs, labs, [1], coefs, 10000, False)
rot = parametrizations.orthogonal(Rot())
opt = torch.optim.Adam(rot.parameters(), lr=5e-4)
def fwd(b, s):
    with torch.no_grad(): hb, hs = upto(b), upto(s)
    W = rot.weight; fb, fs = hb.flatten(1), hs.flatten(1)
    out = fb + ((fs - fb) @ W) @ W.t()
    return rest(out.view(hb.shape))
t0 = time.time()
for ep in range(3):
    for i in range(0, 10000, 512):
        loss = F.binary_cross_entropy(fwd(xb[i:i+512], xs[0][i:i+512]), y[i:i+512].view(-1, 1))
        opt.zero_grad(); loss.backward(); opt.step()
ei, el = R.create_dataset(rs, 1000)
eb, es, _, ey = R.counterfactual_pairs(rs, ei, el, [1], coefs, 1000, False)
with torch.no_grad(): p = fwd(eb, es[0]).view(-1).round()
print(layer, seed, 'iia', (p == ey).float().mean().item(), 'loss', loss.item(), 's', round(time.time()-t0, 1))
